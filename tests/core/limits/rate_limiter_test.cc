// The layered rate limiter over a fake clock: every window boundary, the
// layers' numbers, tokens counted at admission and settled on real usage,
// the concurrency cap, the 80% event, the doors, and the failure rule (a
// broken store never refuses). No sleeps.
#include "core/limits/rate_limiter.h"

#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "core/base/calendar.h"
#include "core/limits/fallback_rate_limit_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_rate_limit_store.h"

namespace gw {
namespace {

constexpr int64_t kT0 = 1'700'000'040'000;  // a minute boundary: 2023-11-14T22:14:00Z

struct RecordingSink : EventSink {
  std::vector<Event> events;
  void emit(Event e) override { events.push_back(std::move(e)); }
};

// Settings where velocity mode never triggers, for tests of the plain windows
// (a run of refused callers would otherwise trip it).
LimitSettings calm() {
  LimitSettings s;
  s.velocity_min_requests = 1'000'000;
  return s;
}

struct Harness {
  FakeClock clock{kT0};
  FakeRateLimitStore store{clock};
  RecordingSink sink;
  std::unique_ptr<RateLimiter> limiter;
  explicit Harness(LimitSettings settings = {}) {
    limiter = std::make_unique<RateLimiter>(settings, store, clock, &sink);
  }
};

// n requests from `ip` whose key was refused; the last decision.
LimitDecision refused_callers(RateLimiter& l, int n, std::string_view ip = "203.0.113.7") {
  LimitDecision d;
  for (int i = 0; i < n; ++i) d = l.admit_refused_caller(ip);
  return d;
}

LimitDecision anonymous(RateLimiter& l, int n, std::string_view ip = "203.0.113.7") {
  LimitDecision d;
  for (int i = 0; i < n; ++i) {
    LimitTicket t;  // ends at once: its slot is given back
    d = l.admit_anonymous(ip, t);
  }
  return d;
}

// One keyed request that counts `estimate` tokens and ends having used `used`.
void token_request(RateLimiter& l, std::string_view key, const PlanLimits& limits, int64_t estimate, int64_t used) {
  LimitTicket t;
  REQUIRE(l.admit_key(key, limits, t).allowed);
  REQUIRE(l.charge_tokens(t, estimate).allowed);
  CHECK(t.tokens_held() == estimate);
  t.finish(used);
}

// A limiter over the production chain whose two stores fail on demand.
struct Broken {
  FakeClock clock{kT0};
  FakeRateLimitStore primary{clock}, fallback{clock};
  FallbackRateLimitStore chain{primary, fallback, clock};
  RateLimiter limiter;
  Broken(int64_t ip_limit, bool fallback_throws) : limiter(settings(ip_limit), chain, clock) {
    primary.set_mode(FakeRateLimitStore::Mode::kThrows);
    if (fallback_throws) fallback.set_mode(FakeRateLimitStore::Mode::kThrows);
  }
  static LimitSettings settings(int64_t ip_limit) {
    LimitSettings s;
    s.ip_requests_per_minute = ip_limit;
    return s;
  }
};

LimitDecision key_requests(RateLimiter& l, int n, const PlanLimits& limits, std::string_view key = "key_000000000001") {
  LimitDecision d;
  for (int i = 0; i < n; ++i) {
    LimitTicket t;
    d = l.admit_key(key, limits, t);
  }
  return d;
}

}  // namespace

TEST_CASE("IP layer: the 300th request in a minute passes, the 301st is refused") {
  Harness h(calm());
  LimitDecision d = refused_callers(*h.limiter, 300);
  CHECK(d.allowed);
  CHECK(d.layer == LimitLayer::kIp);
  CHECK(d.limit == 300);
  CHECK(d.remaining == 0);
  d = h.limiter->admit_refused_caller("203.0.113.7");
  CHECK_FALSE(d.allowed);
  CHECK(d.first_refusal);
  CHECK(d.retry_after_s == 60);
  CHECK_FALSE(h.limiter->admit_refused_caller("203.0.113.7").first_refusal);  // reported once per window
  CHECK(h.limiter->admit_refused_caller("198.51.100.1").allowed);             // another address
}

TEST_CASE("IP layer: windows end on the minute - still refused at 59.999 s, open again at 60 s") {
  Harness h(calm());
  refused_callers(*h.limiter, 301);
  h.clock.advance_ms(59'999);
  LimitDecision d = h.limiter->admit_refused_caller("203.0.113.7");
  CHECK_FALSE(d.allowed);
  CHECK(d.retry_after_s == 1);
  h.clock.advance_ms(1);
  d = h.limiter->admit_refused_caller("203.0.113.7");
  CHECK(d.allowed);
  CHECK(d.remaining == 299);
  CHECK(d.reset_s == 60);
}

TEST_CASE("IP layer: velocity mode halves it for 180 s after a burst of refusals") {
  Harness h;
  LimitDecision d;
  for (int i = 0; i < 100; ++i) d = h.limiter->admit_refused_caller("198.51.100." + std::to_string(i));
  CHECK(d.velocity_started);
  CHECK(h.limiter->velocity_active());
  d = refused_callers(*h.limiter, 150, "203.0.113.7");
  CHECK(d.allowed);
  CHECK(d.limit == 150);
  CHECK(d.velocity);
  d = h.limiter->admit_refused_caller("203.0.113.7");
  CHECK_FALSE(d.allowed);
  CHECK(rate_limit_error(d).message.find("tightened") != std::string::npos);
  h.clock.advance_ms(180'000);
  CHECK_FALSE(h.limiter->velocity_active());
  CHECK(h.limiter->admit_refused_caller("203.0.113.7").limit == 300);
}

TEST_CASE("anonymous layer: 20 a minute per address, stricter than the IP layer, counted by the address's hash") {
  Harness h;
  LimitDecision d = anonymous(*h.limiter, 20);
  CHECK(d.allowed);
  CHECK(d.layer == LimitLayer::kAnonymous);  // the tighter of the two is reported
  CHECK(d.limit == 20);
  CHECK(d.remaining == 0);
  d = anonymous(*h.limiter, 1);
  CHECK_FALSE(d.allowed);
  CHECK(d.layer == LimitLayer::kAnonymous);
  CHECK(rate_limit_error(d).http_status() == 429);
  CHECK(anonymous(*h.limiter, 1, "198.51.100.1").allowed);
  const std::string hash = address_hash("203.0.113.7");
  CHECK(hash.size() == 16);
  bool hashed = false;
  for (const std::string& name : h.store.names()) {
    CHECK(name.find("203.0.113.7") == std::string::npos);  // no raw address in any counter name
    hashed = hashed || name == "anon:" + hash + ":m";
  }
  CHECK(hashed);
}

TEST_CASE("anonymous layer: its row is below every plan's numbers") {
  for (const Plan& p : plans()) {
    INFO(p.name);
    CHECK(kAnonymousLimits.requests_per_minute < p.limits.requests_per_minute);
    CHECK(kAnonymousLimits.tokens_per_day < p.limits.tokens_per_day);
    CHECK(kAnonymousLimits.tokens_per_month < p.limits.tokens_per_month);
    CHECK(kAnonymousLimits.concurrent_requests < p.limits.concurrent_requests);
  }
}

TEST_CASE("anonymous layer: the IP layer refuses first once the address is over it") {
  LimitSettings s;
  s.ip_requests_per_minute = 5;
  Harness h(s);
  refused_callers(*h.limiter, 5);
  LimitDecision d = anonymous(*h.limiter, 1);
  CHECK_FALSE(d.allowed);
  CHECK(d.layer == LimitLayer::kIp);
}

TEST_CASE("key layer: requests per minute are counted per key and minute, and come from the plan") {
  Harness h;
  const PlanLimits& dev = plan(PlanId::kDev).limits;
  const PlanLimits& team = plan(PlanId::kTeam).limits;
  CHECK(dev.requests_per_minute < team.requests_per_minute);
  LimitDecision d = key_requests(*h.limiter, 300, dev);
  CHECK(d.allowed);
  CHECK(d.limit == 300);
  CHECK_FALSE(key_requests(*h.limiter, 1, dev).allowed);
  CHECK(key_requests(*h.limiter, 1, team, "key_000000000002").limit == 1200);
  CHECK(key_requests(*h.limiter, 301, team, "key_000000000002").allowed);  // a team key goes on
  bool counted = false;
  for (const std::string& name : h.store.names()) counted = counted || name == "key:key_000000000001:m";
  CHECK(counted);
  h.clock.advance_ms(60'000);
  CHECK(key_requests(*h.limiter, 1, dev).remaining == 299);
}

TEST_CASE("key layer: tokens per day count the estimate, settle on real usage and restart at UTC midnight") {
  Harness h;
  PlanLimits limits = plan(PlanId::kDev).limits;
  limits.tokens_per_day = 10'000;
  token_request(*h.limiter, "key_a", limits, 6'000, 1'000);  // it used 1000: 5000 given back
  {
    LimitTicket t;
    REQUIRE(h.limiter->admit_key("key_a", limits, t).allowed);
    CHECK(h.limiter->charge_tokens(t, 9'000).allowed);  // 1000 + 9000 = the whole day
  }                                                     // ended without settling: the estimate is given back
  LimitTicket t;
  REQUIRE(h.limiter->admit_key("key_a", limits, t).allowed);
  CHECK(h.limiter->charge_tokens(t, 9'000).allowed);
  LimitTicket u;
  REQUIRE(h.limiter->admit_key("key_a", limits, u).allowed);
  LimitDecision d = h.limiter->charge_tokens(u, 1);
  CHECK_FALSE(d.allowed);
  CHECK(d.limit_name == "tokens_per_day");
  CHECK(d.remaining == 0);
  const int64_t midnight = day_start_ms(kT0) + kMsPerDay;
  CHECK(d.retry_after_s == (midnight - kT0) / 1000);
  h.clock.advance_ms(midnight - kT0 - 1);
  CHECK_FALSE(h.limiter->charge_tokens(u, 1).allowed);
  h.clock.advance_ms(1);
  CHECK(h.limiter->charge_tokens(u, 1).allowed);
}

TEST_CASE("key layer: tokens per month are counted per UTC calendar month") {
  Harness h;
  PlanLimits limits = plan(PlanId::kDev).limits;
  limits.tokens_per_month = 50'000;
  for (int day = 0; day < 5; ++day) {
    token_request(*h.limiter, "key_m", limits, 10'000, 10'000);
    h.clock.advance_ms(kMsPerDay);
  }
  LimitTicket t;
  REQUIRE(h.limiter->admit_key("key_m", limits, t).allowed);
  LimitDecision d = h.limiter->charge_tokens(t, 1);
  CHECK_FALSE(d.allowed);
  CHECK(d.limit_name == "tokens_per_month");
  h.clock.set_unix_ms(next_month_start_ms(h.clock.now_unix_ms()));
  CHECK(h.limiter->charge_tokens(t, 1).allowed);
}

TEST_CASE("key layer: a refused token charge leaves nothing counted") {
  Harness h;
  PlanLimits limits = plan(PlanId::kDev).limits;
  limits.tokens_per_day = 1'000'000;
  limits.tokens_per_month = 10'000;
  LimitTicket t;
  REQUIRE(h.limiter->admit_key("key_r", limits, t).allowed);
  CHECK_FALSE(h.limiter->charge_tokens(t, 20'000).allowed);  // month refuses: the day is rolled back
  CHECK(h.limiter->charge_tokens(t, 10'000).allowed);
}

TEST_CASE("key layer: the concurrency cap holds slots until each request finishes, on every path") {
  Harness h;
  PlanLimits limits = plan(PlanId::kDev).limits;
  limits.concurrent_requests = 2;
  auto a = std::make_unique<LimitTicket>(), b = std::make_unique<LimitTicket>();
  CHECK(h.limiter->admit_key("key_c", limits, *a).allowed);
  CHECK(h.limiter->admit_key("key_c", limits, *b).allowed);
  LimitTicket c;
  LimitDecision d = h.limiter->admit_key("key_c", limits, c);
  CHECK_FALSE(d.allowed);
  CHECK(d.limit_name == "concurrent_requests");
  CHECK(d.retry_after_s == 1);
  a->finish(0);
  a->finish(0);  // idempotent: one slot, given back once
  LimitTicket e;
  CHECK(h.limiter->admit_key("key_c", limits, e).allowed);
  b.reset();  // destroyed without finish(): the slot is still given back
  LimitTicket f;
  CHECK(h.limiter->admit_key("key_c", limits, f).allowed);
}

TEST_CASE("rate_limit.approaching fires once per window when a key crosses 80%") {
  Harness h;
  PlanLimits limits = plan(PlanId::kTrial).limits;  // 60 requests a minute
  key_requests(*h.limiter, 47, limits);
  CHECK(h.sink.events.empty());
  key_requests(*h.limiter, 1, limits);  // the 48th is 80%
  REQUIRE(h.sink.events.size() == 1);
  const Event& e = h.sink.events[0];
  CHECK(e.type == "rate_limit.approaching");
  CHECK(e.data["key_id"] == "key_000000000001");
  CHECK(e.data["limit"] == "requests_per_minute");
  CHECK(e.data["limit_value"] == 60);
  CHECK(e.data["used"] == 48);
  key_requests(*h.limiter, 12, limits);
  CHECK(h.sink.events.size() == 1);
  h.clock.advance_ms(60'000);
  key_requests(*h.limiter, 48, limits);
  CHECK(h.sink.events.size() == 2);  // a new window
}

TEST_CASE("rate_limit.approaching for tokens fires once even when settling moves the count back and forth") {
  Harness h;
  PlanLimits limits = plan(PlanId::kDev).limits;
  limits.tokens_per_day = 1'000;
  for (int i = 0; i < 2; ++i) token_request(*h.limiter, "key_t", limits, 900, 0);
  int approaching = 0;
  for (const Event& e : h.sink.events) approaching += e.data["limit"] == "tokens_per_day";
  CHECK(approaching == 1);
}

TEST_CASE("doors: the 11th login in 15 minutes and the 4th registration in an hour are refused") {
  Harness h;
  h.clock.set_unix_ms(1'699'999'200'000);  // 22:00:00Z: an hour boundary
  for (int i = 0; i < 10; ++i) CHECK(h.limiter->admit_door(kLoginDoor, "203.0.113.7").allowed);
  LimitDecision d = h.limiter->admit_door(kLoginDoor, "203.0.113.7");
  CHECK_FALSE(d.allowed);
  CHECK(d.retry_after_s == 15 * 60);
  CHECK(rate_limit_error(d).message.find("10 login attempts per 15 minutes") != std::string::npos);
  for (int i = 0; i < 3; ++i) CHECK(h.limiter->admit_door(kRegisterDoor, "203.0.113.7").allowed);
  CHECK_FALSE(h.limiter->admit_door(kRegisterDoor, "203.0.113.7").allowed);
  h.clock.advance_ms(15 * 60'000 - 1);
  CHECK_FALSE(h.limiter->admit_door(kLoginDoor, "203.0.113.7").allowed);
  h.clock.advance_ms(1);
  CHECK(h.limiter->admit_door(kLoginDoor, "203.0.113.7").allowed);
  CHECK_FALSE(h.limiter->admit_door(kRegisterDoor, "203.0.113.7").allowed);  // its hour is not over
}

TEST_CASE("a limiter whose main store throws keeps limiting from the fallback") {
  Broken b(3, /*fallback_throws=*/false);
  refused_callers(b.limiter, 3);
  LimitDecision d = b.limiter.admit_refused_caller("203.0.113.7");
  CHECK_FALSE(d.allowed);
  CHECK_FALSE(d.degraded);
  CHECK(b.fallback.calls() == 4);
}

TEST_CASE("a limiter whose stores both throw lets every request through") {
  Broken b(1, /*fallback_throws=*/true);
  RateLimiter& limiter = b.limiter;
  for (int i = 0; i < 10; ++i) {
    LimitTicket t;
    LimitDecision d = limiter.admit_anonymous("203.0.113.7", t);
    CHECK(d.allowed);
    CHECK(d.degraded);
    CHECK(limiter.charge_tokens(t, 1'000'000'000).allowed);
    CHECK(limiter.admit_key("key_x", plan(PlanId::kTrial).limits, t).allowed);
    CHECK(limiter.admit_door(kRegisterDoor, "203.0.113.7").allowed);
  }
}

}  // namespace gw
