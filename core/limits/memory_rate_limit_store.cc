// memory_rate_limit_store.cc - contracts in memory_rate_limit_store.h.
#include "core/limits/memory_rate_limit_store.h"

#include <algorithm>

namespace gw {

void MemoryRateLimitStore::sweep(Shard& shard, int64_t now_ms) {
  shard.next_sweep_ms = now_ms + kSweepEveryMs;
  std::erase_if(shard.counters, [now_ms](const auto& item) { return item.second.window_end_ms <= now_ms; });
}

Result<int64_t> MemoryRateLimitStore::add(std::string_view name, int64_t window_start_ms, int64_t window_ms,
                                          int64_t amount) {
  const int64_t now = clock_.now_unix_ms();
  const HashedName key{name, StringViewHash{}(name)};
  Shard& shard = shard_for(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  if (now >= shard.next_sweep_ms) sweep(shard, now);
  auto it = shard.counters.find(key);
  if (it == shard.counters.end()) {
    if (amount == 0) return int64_t{0};  // reading an absent counter does not create it
    it = shard.counters.emplace(std::string(name), WindowCount{}).first;
  }
  return it->second.add(window_start_ms, window_ms, amount);
}

Result<int64_t> MemoryRateLimitStore::gauge(std::string_view name, int64_t delta) {
  const HashedName key{name, StringViewHash{}(name)};
  Shard& shard = shard_for(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.gauges.find(key);
  if (it == shard.gauges.end()) {
    if (delta <= 0) return int64_t{0};
    it = shard.gauges.emplace(std::string(name), 0).first;
  }
  it->second = std::max<int64_t>(0, it->second + delta);
  int64_t level = it->second;
  if (level == 0) shard.gauges.erase(it);
  return level;
}

size_t MemoryRateLimitStore::size() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.counters.size() + s.gauges.size();
  }
  return n;
}

}  // namespace gw
