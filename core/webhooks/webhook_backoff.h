// webhook_backoff.h - the retry schedule of webhook deliveries: what state a
// delivery is in after an attempt, and when it is tried next. A failed attempt
// n (1, 2, 3 ...) waits base * 2^(n-1) seconds, never more than an hour; after
// max_attempts failed attempts the delivery is given up. Time is an input.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gw {

inline constexpr int64_t kMaxRetryDelayS = 3600;  // the cap on one wait, seconds

struct RetryPolicy {
  int max_attempts = 8;             // attempts before a delivery is marked failed; >= 1
  int64_t base_s = 10;              // the first retry waits this long, seconds; >= 1
  int64_t cap_s = kMaxRetryDelayS;  // no wait is longer, seconds
};

enum class DeliveryState {
  kPending,    // waiting for its next attempt
  kDelivered,  // a 2xx answer was received
  kFailed,     // max_attempts attempts failed; not tried again
};

// "pending" | "delivered" | "failed" (the webhook_outbox.state column).
std::string_view delivery_state_name(DeliveryState state);
std::optional<DeliveryState> parse_delivery_state(std::string_view name);

// Milliseconds to wait after the `failed_attempts`-th failed attempt
// (>= 1): base_s * 2^(failed_attempts-1) seconds, at most cap_s. Never
// overflows, however many attempts.
int64_t retry_delay_ms(const RetryPolicy& policy, int failed_attempts);

// True for the answers that count as delivered: any 2xx.
bool is_delivered_status(int http_status);

// What one attempt leaves behind.
struct DeliveryStep {
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;             // attempts made so far, including this one
  int64_t next_attempt_ms = 0;  // pending: when to try again (Unix ms); else the attempt's time
};

// The delivery's state after an attempt made at `now_ms` by a delivery that
// had already been tried `attempts_before` times.
DeliveryStep after_attempt(const RetryPolicy& policy, int attempts_before, bool delivered, int64_t now_ms);

}  // namespace gw
