// fallback_rate_limit_store.h - the rate limiter's failure chain as a
// RateLimitStore: the main store first; if it fails (returns an error or
// throws), the in-process fallback (LruRateLimitStore); if that fails too,
// an error, which the limiter answers by letting the request through. A
// limiter that breaks must never turn into a 500 or a refusal.
//
// After the main store fails it is left alone for `primary_retry_ms` (default
// 1 s; 2 s for Redis) so a store that is down (a Redis timeout) is not
// waited on by every request; then the next call probes it again. Every
// call the fallback answered is counted (fallback_decisions(): the metric
// rate_limit_fallback_decisions_total). While the fallback counts, the two
// stores' numbers are separate: limits restart from the fallback's count.
//
// Thread-safety: all members may be called from any thread if both stores
// may.
#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

#include "core/base/clock.h"
#include "core/limits/rate_limit_store.h"

namespace gw {

class FallbackRateLimitStore : public RateLimitStore {
 public:
  static constexpr int64_t kDefaultPrimaryRetryMs = 1000;

  FallbackRateLimitStore(RateLimitStore& primary, RateLimitStore& fallback, Clock& clock,
                         int64_t primary_retry_ms = kDefaultPrimaryRetryMs);

  Result<int64_t> add(std::string_view name, int64_t window_start_ms, int64_t window_ms, int64_t amount) override;
  Result<int64_t> gauge(std::string_view name, int64_t delta) override;
  Result<SlotCount> add_and_hold(std::string_view name, int64_t window_start_ms, int64_t window_ms, int64_t amount,
                                 int64_t limit, std::string_view slot, int64_t slot_limit) override;
  Result<std::vector<int64_t>> add_many(std::span<const CounterAdd> adds, std::string_view release = {}) override;

  int64_t fallback_decisions() const { return fallback_decisions_.load(std::memory_order_relaxed); }
  int64_t primary_failures() const { return primary_failures_.load(); }
  int64_t fallback_failures() const { return fallback_failures_.load(); }
  // True while the main store is being skipped after a failure.
  bool degraded() const { return clock_.now_unix_ms() < skip_primary_until_ms_.load(); }

 private:
  // Runs `op` on the primary (unless skipped), then on the fallback.
  template <class Op>
  auto run(const Op& op) -> decltype(op(std::declval<RateLimitStore&>()));

  RateLimitStore& primary_;
  RateLimitStore& fallback_;
  Clock& clock_;
  const int64_t primary_retry_ms_;
  std::atomic<int64_t> skip_primary_until_ms_{0};
  std::atomic<int64_t> primary_failures_{0};
  std::atomic<int64_t> fallback_failures_{0};
  std::atomic<int64_t> fallback_decisions_{0};  // calls the fallback answered (or tried to)
};

}  // namespace gw
