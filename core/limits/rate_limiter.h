// rate_limiter.h - the layered rate limiter: the rules for each layer of
// core/limits/limit_layers.h over counters in a RateLimitStore.
//
//   IP layer    requests/min per address (hash) for traffic without a valid
//               key: anonymous requests and requests whose key was refused;
//               velocity mode (core/limits/velocity_detector.h) tightens it.
//   key layer   per key, from the plan: requests/min, tokens/day (UTC),
//               tokens/month (UTC), requests in flight.
//   anonymous   per address hash, after the IP layer: the same four limits
//               from the anonymous row (stricter than every plan); velocity
//               mode tightens its requests/min too.
//   doors       login and register attempts per address.
//
// Requests count in fixed windows aligned to the clock (minute, UTC day, UTC
// calendar month); refused requests count too. Tokens count the pre-flight
// estimate when the request is admitted and are corrected to the real usage
// when it ends (LimitTicket). A key that crosses 80% of a windowed limit
// emits rate_limit.approaching once per window.
//
// Failure: if the store fails (after its own fallback), the step it was for
// lets the request through uncounted (decision.degraded). The limiter never
// refuses because it broke.
//
// Thread-safety: all members may be called from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/base/events.h"
#include "core/limits/limit_decision.h"
#include "core/limits/limit_settings.h"
#include "core/limits/limit_ticket.h"
#include "core/limits/rate_limit_store.h"
#include "core/limits/velocity_detector.h"

namespace gw {

// The address's counter id: the first 16 hex digits of its SHA-256, so
// stores (and a shared Redis) never hold raw client addresses in names.
std::string address_hash(std::string_view ip);

class RateLimiter {
 public:
  static constexpr int kApproachingPercent = 80;  // rate_limit.approaching threshold

  // `events` may be null (no events).
  RateLimiter(const LimitSettings& settings, RateLimitStore& store, Clock& clock, EventSink* events = nullptr);

  // The IP layer for a request whose key authentication refused: counts it
  // (as a refusal, for velocity mode) and judges the address.
  LimitDecision admit_refused_caller(std::string_view ip);
  // A caller without a key: the IP layer, then the anonymous layer's
  // requests/min and concurrency cap. On success `ticket` holds a slot.
  LimitDecision admit_anonymous(std::string_view ip, LimitTicket& ticket);
  // A user's key: its plan's requests/min, then its concurrency cap. On
  // success `ticket` holds a slot.
  LimitDecision admit_key(std::string_view key_id, const PlanLimits& limits, LimitTicket& ticket);
  // Token windows (day, month) of an admitted request: counts `estimate`
  // tokens (refused, nothing stays counted). No-op for an empty ticket.
  LimitDecision charge_tokens(LimitTicket& ticket, int64_t estimate);
  // A door outside the pipeline (login, register) for one address.
  LimitDecision admit_door(const DoorLimit& door, std::string_view ip);

  bool velocity_active() const { return velocity_.active(clock_.now_unix_ms()); }
  const LimitSettings& settings() const { return settings_; }

 private:
  friend class LimitTicket;
  struct Window {
    int64_t start_ms;
    int64_t length_ms;
  };
  // One windowed limit, counted and judged.
  struct Check {
    LimitLayer layer;
    std::string_view limit_name;
    std::string_view id;  // the key id or address hash it counts for
    CounterName counter;
    int64_t limit;
    Window window;
    int64_t amount;
  };
  LimitDecision count(const Check& check, int64_t now_ms);
  // The decision for `check` given its counter's new total (nullopt: the
  // store failed, the request goes through uncounted).
  LimitDecision judge(const Check& check, std::optional<int64_t> total, int64_t now_ms);
  LimitDecision hold_slot(LimitTicket& ticket, int64_t now_ms);
  // The concurrency decision for a gauge raised to `level` (past the limit:
  // refused, the gauge already lowered back).
  LimitDecision slot_decision(LimitTicket& ticket, int64_t level);
  LimitDecision ip_layer(std::string_view ip_hash, int64_t now_ms);
  void fill(LimitTicket& ticket, LimitLayer layer, std::string_view prefix, std::string_view id,
            const PlanLimits& limits);
  // Emits rate_limit.approaching when `check` took a key's counter across
  // kApproachingPercent, once per window.
  void maybe_approaching(const Check& check, int64_t total, int64_t now_ms);
  // LimitTicket::finish.
  void settle(LimitTicket& ticket, int64_t actual_tokens);

  Window minute(int64_t now_ms) const;
  static Window day(int64_t now_ms);
  static Window month(int64_t now_ms);

  const LimitSettings settings_;
  RateLimitStore& store_;
  Clock& clock_;
  EventSink* events_;
  VelocityDetector velocity_;
};

}  // namespace gw
