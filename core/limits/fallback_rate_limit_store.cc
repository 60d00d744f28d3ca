// fallback_rate_limit_store.cc - contracts in fallback_rate_limit_store.h.
// The one place in core/ that catches exceptions: a store is foreign code
// (a network client), and its failure must not escape the limiter.
#include "core/limits/fallback_rate_limit_store.h"

#include <algorithm>

namespace gw {
namespace {

// `op` on `store`, with a throw turned into an error.
template <class Op>
auto attempt(RateLimitStore& store, const Op& op) -> decltype(op(store)) {
  try {
    return op(store);
  } catch (...) {
    return make_error(ErrorKind::kUnavailable, "rate limit store failed");
  }
}

}  // namespace

FallbackRateLimitStore::FallbackRateLimitStore(RateLimitStore& primary, RateLimitStore& fallback, Clock& clock,
                                               int64_t primary_retry_ms)
    : primary_(primary), fallback_(fallback), clock_(clock), primary_retry_ms_(primary_retry_ms) {}

template <class Op>
auto FallbackRateLimitStore::run(const Op& op) -> decltype(op(std::declval<RateLimitStore&>())) {
  // The clock is read only once the primary has failed: every store call
  // read it before, seven per request.
  const int64_t skip_until = skip_primary_until_ms_.load(std::memory_order_relaxed);
  if (skip_until == 0 || clock_.now_unix_ms() >= skip_until) {
    if (auto r = attempt(primary_, op)) return r;
    primary_failures_.fetch_add(1);
    skip_primary_until_ms_.store(std::max<int64_t>(1, clock_.now_unix_ms() + primary_retry_ms_));
  }
  fallback_decisions_.fetch_add(1, std::memory_order_relaxed);
  if (auto r = attempt(fallback_, op)) return r;
  fallback_failures_.fetch_add(1);
  return make_error(ErrorKind::kUnavailable, "rate limit stores failed (main and fallback)");
}

Result<int64_t> FallbackRateLimitStore::add(std::string_view name, int64_t window_start_ms, int64_t window_ms,
                                            int64_t amount) {
  return run([&](RateLimitStore& s) { return s.add(name, window_start_ms, window_ms, amount); });
}

Result<int64_t> FallbackRateLimitStore::gauge(std::string_view name, int64_t delta) {
  return run([&](RateLimitStore& s) { return s.gauge(name, delta); });
}

Result<SlotCount> FallbackRateLimitStore::add_and_hold(std::string_view name, int64_t window_start_ms,
                                                       int64_t window_ms, int64_t amount, int64_t limit,
                                                       std::string_view slot, int64_t slot_limit) {
  return run([&](RateLimitStore& s) {
    return s.add_and_hold(name, window_start_ms, window_ms, amount, limit, slot, slot_limit);
  });
}

Result<std::vector<int64_t>> FallbackRateLimitStore::add_many(std::span<const CounterAdd> adds,
                                                              std::string_view release) {
  return run([&](RateLimitStore& s) { return s.add_many(adds, release); });
}

}  // namespace gw
