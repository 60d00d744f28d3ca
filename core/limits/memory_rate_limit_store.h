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

#include "core/base/clock.h"
#include "core/limits/rate_limit_store.h"

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
  // A name and its hash: a lookup hashes the name once, for the shard and
  // for the map.
  struct HashedName {
    std::string_view name;
    size_t hash;
  };
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return StringViewHash{}(s); }
    size_t operator()(const HashedName& h) const { return h.hash; }
  };
  struct NameEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
    bool operator()(const HashedName& a, std::string_view b) const { return a.name == b; }
    bool operator()(std::string_view a, const HashedName& b) const { return a == b.name; }
  };
  template <class Value>
  using Map = std::unordered_map<std::string, Value, NameHash, NameEqual>;
  struct Shard {
    mutable std::mutex mu;
    Map<WindowCount> counters;  // guarded by mu
    Map<int64_t> gauges;        // guarded by mu
    int64_t next_sweep_ms = 0;  // guarded by mu
  };
  Shard& shard_for(const HashedName& name) { return shards_[name.hash % kShards]; }
  static void sweep(Shard& shard, int64_t now_ms);  // requires shard.mu held

  Clock& clock_;
  std::array<Shard, kShards> shards_;
};

}  // namespace gw
