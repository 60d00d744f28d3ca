// webhook_backoff.cc - contracts in webhook_backoff.h.
#include "core/webhooks/webhook_backoff.h"

#include <algorithm>
#include <utility>

namespace gw {

namespace {

// One table for both directions.
constexpr std::pair<DeliveryState, std::string_view> kStateNames[] = {
    {DeliveryState::kPending, "pending"}, {DeliveryState::kDelivered, "delivered"}, {DeliveryState::kFailed, "failed"}};

}  // namespace

std::string_view delivery_state_name(DeliveryState state) {
  for (const auto& [s, name] : kStateNames)
    if (s == state) return name;
  return "pending";
}

std::optional<DeliveryState> parse_delivery_state(std::string_view name) {
  for (const auto& [s, n] : kStateNames)
    if (n == name) return s;
  return std::nullopt;
}

int64_t retry_delay_ms(const RetryPolicy& policy, int failed_attempts) {
  const int64_t cap = std::max<int64_t>(policy.cap_s, 0);
  int64_t delay = std::clamp<int64_t>(policy.base_s, 0, cap);
  // Doubling stops at the cap, so 2^(n-1) is never computed for large n.
  for (int n = 1; n < failed_attempts && delay < cap; ++n) delay = std::min(delay * 2, cap);
  return delay * 1000;
}

bool is_delivered_status(int http_status) { return http_status >= 200 && http_status < 300; }

DeliveryStep after_attempt(const RetryPolicy& policy, int attempts_before, bool delivered, int64_t now_ms) {
  DeliveryStep step;
  step.attempts = std::max(attempts_before, 0) + 1;
  step.next_attempt_ms = now_ms;
  if (delivered) {
    step.state = DeliveryState::kDelivered;
  } else if (step.attempts >= policy.max_attempts) {
    step.state = DeliveryState::kFailed;
  } else {
    step.state = DeliveryState::kPending;
    step.next_attempt_ms = now_ms + retry_delay_ms(policy, step.attempts);
  }
  return step;
}

}  // namespace gw
