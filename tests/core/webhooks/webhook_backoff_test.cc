// Webhook retry schedule: exact delays, the cap, the give-up point. Pure.
#include "core/webhooks/webhook_backoff.h"

#include <doctest/doctest.h>

#include <vector>

namespace gw {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;

TEST_CASE("backoff: retry n waits base * 2^(n-1) seconds, capped at one hour") {
  RetryPolicy p{.max_attempts = 20, .base_s = 10};
  const int64_t expected_s[] = {10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600};
  for (int n = 1; n <= 11; ++n) CHECK(retry_delay_ms(p, n) == expected_s[n - 1] * 1000);
}

TEST_CASE("backoff: a base of one second doubles from one second") {
  RetryPolicy p{.max_attempts = 5, .base_s = 1};
  CHECK(retry_delay_ms(p, 1) == 1000);
  CHECK(retry_delay_ms(p, 2) == 2000);
  CHECK(retry_delay_ms(p, 3) == 4000);
  CHECK(retry_delay_ms(p, 12) == 2048 * 1000);
  CHECK(retry_delay_ms(p, 13) == 3600 * 1000);
}

TEST_CASE("backoff: huge attempt counts stay at the cap without overflowing") {
  RetryPolicy p{.max_attempts = 100, .base_s = 3600};
  CHECK(retry_delay_ms(p, 1) == 3'600'000);
  CHECK(retry_delay_ms(p, 1'000'000) == 3'600'000);
}

TEST_CASE("backoff: a 2xx answer delivers, whatever the attempt") {
  for (int status : {200, 201, 204, 299}) CHECK(is_delivered_status(status));
  for (int status : {0, 199, 300, 301, 400, 404, 500, 503}) CHECK_FALSE(is_delivered_status(status));
  DeliveryStep s = after_attempt(RetryPolicy{.max_attempts = 3, .base_s = 10}, 2, true, kT0);
  CHECK(s.state == DeliveryState::kDelivered);
  CHECK(s.attempts == 3);
  CHECK(s.next_attempt_ms == kT0);
}

TEST_CASE("backoff: failures reschedule with growing waits, then give up at max_attempts") {
  RetryPolicy p{.max_attempts = 4, .base_s = 10};
  int64_t now = kT0;
  int attempts = 0;
  std::vector<int64_t> waits;
  for (;;) {
    DeliveryStep s = after_attempt(p, attempts, false, now);
    attempts = s.attempts;
    if (s.state != DeliveryState::kPending) {
      CHECK(s.state == DeliveryState::kFailed);
      break;
    }
    waits.push_back(s.next_attempt_ms - now);
    now = s.next_attempt_ms;
  }
  CHECK(attempts == 4);
  CHECK(waits == std::vector<int64_t>{10'000, 20'000, 40'000});
}

TEST_CASE("backoff: a single allowed attempt fails at once") {
  DeliveryStep s = after_attempt(RetryPolicy{.max_attempts = 1, .base_s = 10}, 0, false, kT0);
  CHECK(s.state == DeliveryState::kFailed);
  CHECK(s.attempts == 1);
}

TEST_CASE("backoff: state names round-trip and unknown names are refused") {
  for (DeliveryState s : {DeliveryState::kPending, DeliveryState::kDelivered, DeliveryState::kFailed})
    CHECK(parse_delivery_state(delivery_state_name(s)) == s);
  CHECK(delivery_state_name(DeliveryState::kDelivered) == "delivered");
  CHECK_FALSE(parse_delivery_state("done").has_value());
}

}  // namespace
}  // namespace gw
