// Circuit breaker transitions with a fake clock: every boundary of the
// CLOSED -> OPEN -> HALF_OPEN -> CLOSED/OPEN cycle.
#include "core/health/circuit_breaker.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/fake_clock.h"

namespace gw {
namespace {

BreakerSettings defaults() { return BreakerSettings{}; }  // 5 failures, 300 s

void fail_n(CircuitBreaker& b, int n) {
  for (int i = 0; i < n; ++i) b.record_failure();
}

}  // namespace

TEST_CASE("breaker: 4 consecutive failures keep it closed, the 5th opens it") {
  FakeClock clock;
  CircuitBreaker b(defaults(), clock);
  fail_n(b, 4);
  CHECK(b.snapshot().state == BreakerState::kClosed);
  CHECK(b.allow());
  b.record_failure();
  CHECK(b.snapshot().state == BreakerState::kOpen);
  CHECK_FALSE(b.allow());
}

TEST_CASE("breaker: a success resets the consecutive count") {
  FakeClock clock;
  CircuitBreaker b(defaults(), clock);
  fail_n(b, 4);
  b.record_success();
  CHECK(b.snapshot().consecutive_failures == 0);
  fail_n(b, 4);
  CHECK(b.snapshot().state == BreakerState::kClosed);
}

TEST_CASE("breaker: open for 299 s, half-open at 300 s") {
  FakeClock clock;
  CircuitBreaker b(defaults(), clock);
  fail_n(b, 5);
  clock.advance_ms(299'000);
  CHECK_FALSE(b.allow());
  CHECK(b.snapshot().ms_until_half_open == 1'000);
  clock.advance_ms(1'000);
  CHECK(b.snapshot().state == BreakerState::kHalfOpen);
  CHECK(b.allow());        // the one trial request
  CHECK_FALSE(b.allow());  // no second trial while the first is in flight
}

TEST_CASE("breaker: half-open closes on a success") {
  FakeClock clock;
  CircuitBreaker b(defaults(), clock);
  fail_n(b, 5);
  clock.advance_ms(300'000);
  REQUIRE(b.allow());
  b.record_success();
  CHECK(b.snapshot().state == BreakerState::kClosed);
  CHECK(b.allow());
  CHECK(b.allow());
}

TEST_CASE("breaker: half-open reopens on a failure, with a fresh cooldown") {
  FakeClock clock;
  CircuitBreaker b(defaults(), clock);
  fail_n(b, 5);
  clock.advance_ms(300'000);
  REQUIRE(b.allow());
  b.record_failure();
  CHECK(b.snapshot().state == BreakerState::kOpen);
  CHECK(b.snapshot().ms_until_half_open == 300'000);
  clock.advance_ms(299'999);
  CHECK_FALSE(b.allow());
  clock.advance_ms(1);
  CHECK(b.allow());
}

TEST_CASE("breaker: the threshold and cooldown come from the settings") {
  FakeClock clock;
  BreakerSettings s;
  s.failure_threshold = 2;
  s.cooldown_s = 10;
  CircuitBreaker b(s, clock);
  fail_n(b, 2);
  CHECK(b.snapshot().state == BreakerState::kOpen);
  clock.advance_ms(10'000);
  CHECK(b.allow());
}

TEST_CASE("breaker: reset closes an open breaker at once") {
  FakeClock clock;
  CircuitBreaker b(defaults(), clock);
  fail_n(b, 7);
  b.reset();
  CHECK(b.snapshot().state == BreakerState::kClosed);
  CHECK(b.snapshot().consecutive_failures == 0);
  CHECK(b.allow());
}

TEST_CASE("breaker board: providers are independent") {
  FakeClock clock;
  BreakerBoard board(defaults(), clock);
  fail_n(board.at("groq"), 5);
  CHECK_FALSE(board.at("groq").allow());
  CHECK(board.at("together").allow());
  auto snaps = board.snapshots();
  REQUIRE(snaps.size() == 2);
  CHECK(snaps[0].provider == "groq");
  CHECK(snaps[0].state == BreakerState::kOpen);
  CHECK(board.reset("groq"));
  CHECK_FALSE(board.reset("never-seen"));
}

TEST_CASE("breaker: which upstream outcomes count as provider failures") {
  for (int s : {0, 500, 502, 503, 504, 401, 402, 403}) CHECK(counts_as_provider_failure(s));
  for (int s : {200, 400, 404, 422, 429}) CHECK_FALSE(counts_as_provider_failure(s));
}

TEST_CASE("breaker board: the listener hears opening and closing, not adopted states") {
  FakeClock clock(1'000'000);
  BreakerBoard board(defaults(), clock);
  std::vector<std::string> heard;
  board.set_listener([&](std::string_view provider, BreakerState state, int64_t opened_at) {
    heard.push_back(std::string(provider) + " " + std::string(breaker_state_name(state)) + " " +
                    std::to_string(opened_at));
  });
  fail_n(board.at("groq"), 5);
  board.at("groq").record_failure();  // already open: nothing new
  board.at("groq").record_success();
  board.adopt("openai", BreakerState::kOpen, 999'000);
  REQUIRE(heard.size() == 2);
  CHECK(heard[0] == "groq open 1000000");
  CHECK(heard[1] == "groq closed 0");
}

TEST_CASE("breaker: an adopted open state refuses requests and half-opens after the cooldown from its opening") {
  FakeClock clock(1'000'000);
  BreakerBoard board(defaults(), clock);
  board.adopt("groq", BreakerState::kOpen, 1'000'000 - 100'000);  // opened elsewhere 100 s ago
  CHECK_FALSE(board.at("groq").allow());
  clock.advance_ms(200'000);        // 300 s after it opened
  CHECK(board.at("groq").allow());  // the trial
  board.adopt("groq", BreakerState::kClosed, 0);
  CHECK(board.at("groq").snapshot().state == BreakerState::kClosed);
}

}  // namespace gw
