// memory_response_cache.h - the in-process response cache: least recently
// used answers go first once it holds `max_entries` answers or `max_bytes`
// of them; an answer older than the TTL is never served (and is dropped
// when found). Defaults from the spec (CM-8.1.4-8.1.6): 20,000 entries, 60
// minutes. Time comes from a Clock (fake in tests).
//
// Thread-safety: every member may be called from any thread (one mutex; a
// hit copies no answer: it shares it).
#pragma once

#include <list>
#include <mutex>
#include <unordered_map>

#include "core/base/clock.h"
#include "core/cache/response_cache.h"

namespace gw {

struct MemoryCacheSettings {
  size_t max_entries = 20'000;
  size_t max_bytes = 256u << 20;  // an answer larger than this is not stored
  int64_t ttl_ms = 60 * 60 * 1000;
};

class MemoryResponseCache final : public ResponseCache {
 public:
  MemoryResponseCache(const Clock& clock, MemoryCacheSettings settings);

  std::shared_ptr<const CachedAnswer> get(const std::string& key, std::optional<int64_t> max_age_s) override;
  void put(const std::string& key, CachedAnswer answer) override;
  void drop(const std::string& key, std::string_view why) override;
  std::vector<std::string> clear(std::string_view model, std::string_view tenant) override;
  CacheStats stats() const override;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const CachedAnswer> answer;
    size_t bytes = 0;
  };
  using Order = std::list<Entry>;  // most recently used first

  void erase(Order::iterator it);  // mu_ held

  const Clock& clock_;
  const MemoryCacheSettings settings_;
  mutable std::mutex mu_;
  Order order_;
  std::unordered_map<std::string, Order::iterator> index_;
  CacheStats stats_;
};

}  // namespace gw
