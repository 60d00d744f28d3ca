// lru_rate_limit_store.h - the in-process fallback the rate limiter counts
// in while its main store fails: at most 500 counters and gauges (the least
// recently used goes first when a new one needs room), each forgotten 15
// minutes after it was last written. Small and bounded on purpose: it only
// has to keep abusive callers in check until the main store is back.
//
// Thread-safety: all members may be called from any thread (one mutex).
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/base/clock.h"
#include "core/limits/rate_limit_store.h"

namespace gw {

class LruRateLimitStore : public RateLimitStore {
 public:
  static constexpr size_t kDefaultCapacity = 500;           // entries
  static constexpr int64_t kDefaultTtlMs = 15 * 60 * 1000;  // 15 minutes after the last write

  explicit LruRateLimitStore(Clock& clock, size_t capacity = kDefaultCapacity, int64_t ttl_ms = kDefaultTtlMs);

  Result<int64_t> add(std::string_view name, int64_t window_start_ms, int64_t window_ms, int64_t amount) override;
  Result<int64_t> gauge(std::string_view name, int64_t delta) override;

  size_t size() const;
  // True when `name` is held and not expired (does not count as a use).
  bool contains(std::string_view name) const;

 private:
  struct Entry {
    std::string name;
    WindowCount window;      // counters
    int64_t level = 0;       // gauges
    int64_t written_ms = 0;  // expires at written_ms + ttl
  };
  using Order = std::list<Entry>;  // most recently used first
  // The live entry for `name`, created (evicting the least recently used
  // when full) or reset when expired, moved to the front. Requires mu_.
  Entry& use(std::string_view name, int64_t now_ms);
  bool expired(const Entry& e, int64_t now_ms) const { return now_ms - e.written_ms >= ttl_ms_; }

  Clock& clock_;
  const size_t capacity_;
  const int64_t ttl_ms_;
  mutable std::mutex mu_;
  Order order_;                                                  // guarded by mu_
  std::unordered_map<std::string_view, Order::iterator> index_;  // guarded by mu_; views into order_'s names
};

}  // namespace gw
