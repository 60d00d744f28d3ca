// memory_rate_limit_store.h - the rate limiter's counters in this process's
// memory: the default RateLimitStore of a single `gw serve`.
//
// Built for the request path (every limited request touches it a few
// times): 16 shards, each a hash map under its own mutex held only for one
// lookup, so concurrent requests for different keys rarely wait on each
// other; lookups take a string_view (no allocation once a counter exists).
// Counters are dropped once their window has ended (each shard sweeps at
// most once a minute) and gauges when they return to zero, so memory follows
// the number of active callers.
//
// Thread-safety: all members may be called from any thread.
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/rate_limit_store.h"

namespace gw {

class MemoryRateLimitStore : public RateLimitStore {
 public:
  explicit MemoryRateLimitStore(Clock& clock) : clock_(clock) {}

  Result<int64_t> add(std::string_view name, int64_t window_start_ms, int64_t window_ms, int64_t amount) override;
  Result<int64_t> gauge(std::string_view name, int64_t delta) override;

  // Counters and gauges held right now (ended windows may linger until the
  // next sweep).
  size_t size() const;

 private:
  static constexpr size_t kShards = 16;
  static constexpr int64_t kSweepEveryMs = 60'000;
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, WindowCount, StringViewHash, std::equal_to<>> counters;  // guarded by mu
    std::unordered_map<std::string, int64_t, StringViewHash, std::equal_to<>> gauges;        // guarded by mu
    int64_t next_sweep_ms = 0;                                                               // guarded by mu
  };
  Shard& shard_for(std::string_view name) { return shards_[StringViewHash{}(name) % kShards]; }
  static void sweep(Shard& shard, int64_t now_ms);  // requires shard.mu held

  Clock& clock_;
  std::array<Shard, kShards> shards_;
};

}  // namespace gw
