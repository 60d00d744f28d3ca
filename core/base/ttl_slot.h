// ttl_slot.h - one cached value with an expiry, for the answers gw serves
// from memory (the L1 catalog answers, the /health detail). A value is fresh
// while it is younger than the TTL the caller passes (built at t, fresh
// until t + ttl - 1 ms, expired at t + ttl) and was built from the same
// `stamp` (a generation number of the data behind it; 0 when there is none).
// Time is passed in, so tests drive it with FakeClock.
//
// Thread-safe. Readers get a shared_ptr to an immutable value; when it has
// expired, the caller's build() runs outside the lock (two threads may both
// rebuild at the expiry instant; the last one stored wins, both are correct).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace gw {

template <class V>
class TtlSlot {
 public:
  // The cached value when fresh, else a new one from build(), stored with
  // now_ms as its birth time.
  std::shared_ptr<const V> get(int64_t now_ms, int64_t ttl_ms, uint64_t stamp, const std::function<V()>& build) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (value_ && stamp_ == stamp && now_ms - built_ms_ < ttl_ms) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return value_;
      }
    }
    auto fresh = std::make_shared<const V>(build());
    builds_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(mu_);
    value_ = fresh;
    built_ms_ = now_ms;
    stamp_ = stamp;
    return fresh;
  }

  // Unix ms the current value was built; 0 when there is none.
  int64_t built_ms() const {
    std::lock_guard<std::mutex> lock(mu_);
    return value_ ? built_ms_ : 0;
  }
  int64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  int64_t builds() const { return builds_.load(std::memory_order_relaxed); }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const V> value_;
  int64_t built_ms_ = 0;
  uint64_t stamp_ = 0;
  std::atomic<int64_t> hits_{0};
  std::atomic<int64_t> builds_{0};
};

}  // namespace gw
