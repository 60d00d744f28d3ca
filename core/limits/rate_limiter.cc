// rate_limiter.cc - contracts in rate_limiter.h and limit_ticket.h.
#include "core/limits/rate_limiter.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "core/base/calendar.h"
#include "core/crypto/crypto.h"

namespace gw {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr std::string_view kRequestsPerMinute = "requests_per_minute";

int64_t seconds_until(int64_t end_ms, int64_t now_ms) { return (std::max<int64_t>(0, end_ms - now_ms) + 999) / 1000; }

// Of two admitting decisions, the one with less room left (what the headers report).
const LimitDecision& tighter(const LimitDecision& a, const LimitDecision& b) {
  return b.remaining < a.remaining ? b : a;
}

}  // namespace

std::string address_hash(std::string_view ip) { return sha256_hex(ip).substr(0, 16); }

CounterName::CounterName(std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts) {
    size_t n = std::min(p.size(), kMax - len_);
    std::memcpy(buf_ + len_, p.data(), n);
    len_ += n;
  }
}

void LimitTicket::finish(int64_t actual_tokens) {
  if (!limiter_) return;
  RateLimiter* limiter = limiter_;
  limiter_ = nullptr;
  limiter->settle(*this, actual_tokens);
}

RateLimiter::RateLimiter(const LimitSettings& settings, RateLimitStore& store, Clock& clock, EventSink* events)
    : settings_(settings), store_(store), clock_(clock), events_(events), velocity_(settings) {}

RateLimiter::Window RateLimiter::minute(int64_t now_ms) const { return {now_ms - now_ms % kMinuteMs, kMinuteMs}; }

RateLimiter::Window RateLimiter::day(int64_t now_ms) { return {day_start_ms(now_ms), kMsPerDay}; }

RateLimiter::Window RateLimiter::month(int64_t now_ms) {
  const int64_t start = month_start_ms(now_ms);
  return {start, next_month_start_ms(now_ms) - start};
}

LimitDecision RateLimiter::count(const Check& c, int64_t now_ms) {
  auto total = store_.add(c.counter.view(), c.window.start_ms, c.window.length_ms, c.amount);
  return judge(c, total ? std::optional<int64_t>(*total) : std::nullopt, now_ms);
}

LimitDecision RateLimiter::judge(const Check& c, std::optional<int64_t> total, int64_t now_ms) {
  LimitDecision d;
  d.layer = c.layer;
  d.limit_name = c.limit_name;
  d.limit = c.limit;
  d.window_s = c.window.length_ms / 1000;
  d.reset_s = seconds_until(c.window.start_ms + c.window.length_ms, now_ms);
  if (!total) {
    d.degraded = true;  // counted nowhere: let it through
    d.remaining = c.limit;
    return d;
  }
  d.allowed = *total <= c.limit;
  d.remaining = std::max<int64_t>(0, c.limit - (d.allowed ? *total : *total - c.amount));
  if (!d.allowed) {
    d.retry_after_s = std::max<int64_t>(1, d.reset_s);
    d.first_refusal = *total - c.amount <= c.limit;
  } else if (c.layer == LimitLayer::kKey) {
    maybe_approaching(c, *total, now_ms);
  }
  return d;
}

void RateLimiter::maybe_approaching(const Check& c, int64_t total, int64_t now_ms) {
  if (!events_ || c.amount <= 0) return;
  const int64_t threshold = (c.limit * kApproachingPercent + 99) / 100;
  if (total < threshold || total - c.amount >= threshold) return;
  // Once per counter and window, even if corrections move it back and forth.
  CounterName once({c.counter.view(), ":80"});
  auto marks = store_.add(once.view(), c.window.start_ms, c.window.length_ms, 1);
  if (!marks || *marks != 1) return;
  Event e;
  e.type = "rate_limit.approaching";
  e.created_ms = now_ms;
  e.data = {{"key_id", c.id},
            {"limit", c.limit_name},
            {"limit_value", c.limit},
            {"used", total},
            {"percent", kApproachingPercent},
            {"resets_at", utc_timestamp(c.window.start_ms + c.window.length_ms)}};
  events_->emit(std::move(e));
}

LimitDecision RateLimiter::hold_slot(LimitTicket& t, int64_t now_ms) {
  CounterName name({t.subject_.view(), ":c"});
  auto level = store_.gauge(name.view(), 1);
  if (!level) {
    LimitDecision d = slot_decision(t, 0);
    d.degraded = true;
    t.slot_held_ = false;
    return d;
  }
  if (*level > t.limits_.concurrent_requests) (void)store_.gauge(name.view(), -1);
  return slot_decision(t, *level);
}

LimitDecision RateLimiter::slot_decision(LimitTicket& t, int64_t level) {
  LimitDecision d;
  d.layer = t.layer_;
  d.limit_name = "concurrent_requests";
  d.limit = t.limits_.concurrent_requests;
  if (level > d.limit) {
    d.allowed = false;
    d.reset_s = d.retry_after_s = 1;
    return d;
  }
  t.slot_held_ = true;
  d.remaining = d.limit - level;
  return d;
}

void RateLimiter::fill(LimitTicket& t, LimitLayer layer, std::string_view prefix, std::string_view id,
                       const PlanLimits& limits) {
  t.limiter_ = this;
  t.subject_ = CounterName({prefix, id});
  t.layer_ = layer;
  t.limits_ = limits;
}

LimitDecision RateLimiter::ip_layer(std::string_view ip_hash, int64_t now_ms) {
  const bool tight = velocity_.active(now_ms);
  const int64_t limit = settings_.ip_requests_per_minute;
  LimitDecision d = count({LimitLayer::kIp, kRequestsPerMinute, ip_hash, CounterName({"ip:", ip_hash, ":m"}),
                           tight ? velocity_.tightened(limit) : limit, minute(now_ms), 1},
                          now_ms);
  d.velocity = tight;
  return d;
}

LimitDecision RateLimiter::admit_refused_caller(std::string_view ip) {
  const int64_t now = clock_.now_unix_ms();
  LimitDecision d = ip_layer(address_hash(ip), now);
  d.velocity_started = velocity_.record(now, true);
  return d;
}

LimitDecision RateLimiter::admit_anonymous(std::string_view ip, LimitTicket& ticket) {
  const int64_t now = clock_.now_unix_ms();
  const std::string hash = address_hash(ip);
  LimitDecision d = ip_layer(hash, now);
  if (d.allowed) {
    const int64_t limit = settings_.anonymous.requests_per_minute;
    LimitDecision anon = count({LimitLayer::kAnonymous, kRequestsPerMinute, hash, CounterName({"anon:", hash, ":m"}),
                                d.velocity ? velocity_.tightened(limit) : limit, minute(now), 1},
                               now);
    anon.velocity = d.velocity;
    if (anon.allowed) {
      fill(ticket, LimitLayer::kAnonymous, "anon:", hash, settings_.anonymous);
      LimitDecision slot = hold_slot(ticket, now);
      d = slot.allowed ? tighter(d, anon) : slot;
    } else {
      d = anon;
    }
  }
  d.velocity_started = velocity_.record(now, !d.allowed);
  return d;
}

LimitDecision RateLimiter::admit_key(std::string_view key_id, const PlanLimits& limits, LimitTicket& ticket) {
  const int64_t now = clock_.now_unix_ms();
  const Check check{LimitLayer::kKey,           kRequestsPerMinute, key_id, CounterName({"key:", key_id, ":m"}),
                    limits.requests_per_minute, minute(now),        1};
  // The minute's count and the concurrency slot in one store call (one
  // round trip to a shared store).
  const CounterName slot({"key:", key_id, ":c"});
  auto counted = store_.add_and_hold(check.counter.view(), check.window.start_ms, check.window.length_ms, 1,
                                     limits.requests_per_minute, slot.view(), limits.concurrent_requests);
  LimitDecision d = judge(check, counted ? std::optional<int64_t>(counted->total) : std::nullopt, now);
  if (!d.allowed || !counted) return d;
  fill(ticket, LimitLayer::kKey, "key:", key_id, limits);
  LimitDecision held = slot_decision(ticket, counted->level);
  return held.allowed ? d : held;
}

LimitDecision RateLimiter::charge_tokens(LimitTicket& t, int64_t estimate) {
  if (t.limiter_ != this || estimate <= 0) return {};
  const int64_t now = clock_.now_unix_ms();
  std::string_view id = t.subject_.view().substr(t.subject_.view().find(':') + 1);
  const Check checks[] = {
      {t.layer_, "tokens_per_day", id, CounterName({t.subject_.view(), ":d"}), t.limits_.tokens_per_day, day(now),
       estimate},
      {t.layer_, "tokens_per_month", id, CounterName({t.subject_.view(), ":M"}), t.limits_.tokens_per_month, month(now),
       estimate},
  };
  // Both windows in one store call (one round trip to a shared store).
  const CounterAdd adds[] = {
      {checks[0].counter.view(), checks[0].window.start_ms, checks[0].window.length_ms, estimate},
      {checks[1].counter.view(), checks[1].window.start_ms, checks[1].window.length_ms, estimate},
  };
  auto totals = store_.add_many(adds);
  for (int i = 0; i < 2; ++i) {
    LimitDecision d = judge(checks[i], totals ? std::optional<int64_t>((*totals)[i]) : std::nullopt, now);
    if (d.allowed) continue;
    const CounterAdd undo[] = {
        // nothing of a refused request stays counted
        {adds[0].name, adds[0].window_start_ms, adds[0].window_ms, -estimate},
        {adds[1].name, adds[1].window_start_ms, adds[1].window_ms, -estimate},
    };
    (void)store_.add_many(undo);
    return d;
  }
  t.tokens_held_ = estimate;
  t.day_start_ms_ = totals ? checks[0].window.start_ms : 0;
  t.month_start_ms_ = totals ? checks[1].window.start_ms : 0;
  return {};
}

void RateLimiter::settle(LimitTicket& t, int64_t actual_tokens) {
  const int64_t now = clock_.now_unix_ms();
  const int64_t delta = std::max<int64_t>(0, actual_tokens) - t.tokens_held_;
  // The token corrections and the slot given back in one store call (one
  // round trip to a shared store).
  Check corrections[2];
  size_t n = 0;
  if (t.tokens_held_ > 0 && delta != 0) {
    std::string_view id = t.subject_.view().substr(t.subject_.view().find(':') + 1);
    if (t.day_start_ms_)
      corrections[n++] = {t.layer_,
                          "tokens_per_day",
                          id,
                          CounterName({t.subject_.view(), ":d"}),
                          t.limits_.tokens_per_day,
                          {t.day_start_ms_, kMsPerDay},
                          delta};
    if (t.month_start_ms_)
      corrections[n++] = {t.layer_,
                          "tokens_per_month",
                          id,
                          CounterName({t.subject_.view(), ":M"}),
                          t.limits_.tokens_per_month,
                          month(t.month_start_ms_),
                          delta};
  }
  if (n > 0 || t.slot_held_) {
    CounterAdd adds[2];
    for (size_t i = 0; i < n; ++i)
      adds[i] = {corrections[i].counter.view(), corrections[i].window.start_ms, corrections[i].window.length_ms,
                 corrections[i].amount};
    const CounterName slot({t.subject_.view(), ":c"});
    auto totals =
        store_.add_many(std::span<const CounterAdd>(adds, n), t.slot_held_ ? slot.view() : std::string_view());
    for (size_t i = 0; totals && i < n; ++i) (void)judge(corrections[i], (*totals)[i], now);
  }
  t.tokens_held_ = 0;
  t.slot_held_ = false;
}

LimitDecision RateLimiter::admit_door(const DoorLimit& door, std::string_view ip) {
  const int64_t now = clock_.now_unix_ms();
  const std::string hash = address_hash(ip);
  return count({LimitLayer::kDoor,
                door.name,
                hash,
                CounterName({"door:", door.name, ":", hash}),
                door.limit,
                {now - now % door.window_ms, door.window_ms},
                1},
               now);
}

}  // namespace gw
