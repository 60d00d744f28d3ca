// redis_response_cache.h - the response cache (core/cache/response_cache.h)
// in Redis, shared by every `gw serve` instance that names the same
// [redis] url: an answer stored through one instance is a hit on the
// others, and `gw cache clear` on one clears it for all.
//
// Same keys as the in-process cache (cache_key.h), under "gw:cache:a:";
// the value is the answer encoded byte for byte (cached_answer_codec.h),
// set with the TTL ([cache] ttl_s) as its expiry. Bounds: an index (sorted
// set "gw:cache:idx", by time stored) and a hash of each answer's size,
// model and tenant ("gw:cache:meta") let one Lua script per store drop
// expired answers and then the oldest stored until at most max_entries and
// max_bytes ([cache] max_entries, max_mib) remain; an answer larger than a
// sixteenth of max_bytes is not stored. clear() matches model and tenant
// in the same script. The scripts touch keys they compute (the answers'),
// so this runs on one Redis, not a Redis Cluster.
//
// Redis unreachable, slow (past [redis] timeout_ms) or answering nonsense:
// a miss or a skipped store, counted in stats().failures, and Redis is
// left alone for retry_ms; a request never fails because of the cache.
// Hits and misses are counted per instance; entries and bytes are Redis's.
//
// Thread-safety: all members may be called from any thread or fiber.
#pragma once

#include <atomic>
#include <mutex>

#include "core/base/clock.h"
#include "core/cache/memory_response_cache.h"
#include "core/cache/response_cache.h"
#include "proxy/io/redis_client.h"

namespace gw {

class RedisResponseCache final : public ResponseCache {
 public:
  RedisResponseCache(RedisClient& redis, const Clock& clock, MemoryCacheSettings settings, int64_t retry_ms);

  std::shared_ptr<const CachedAnswer> get(const std::string& key, std::optional<int64_t> max_age_s) override;
  void put(const std::string& key, CachedAnswer answer) override;
  void drop(const std::string& key, std::string_view why) override;
  std::vector<std::string> clear(std::string_view model, std::string_view tenant) override;
  CacheStats stats() const override;

 private:
  bool skipping() const { return clock_.now_unix_ms() < skip_until_ms_.load(); }
  void failed(std::string why);
  void count_miss() { misses_.fetch_add(1); }

  RedisClient& redis_;
  const Clock& clock_;
  const MemoryCacheSettings settings_;
  const int64_t retry_ms_;
  std::atomic<int64_t> skip_until_ms_{0};
  std::atomic<int64_t> hits_{0}, misses_{0}, stores_{0}, evictions_{0}, expirations_{0}, failures_{0};
  mutable std::mutex mu_;
  std::string last_failure_;  // guarded by mu_
  Money saved_;               // guarded by mu_
};

}  // namespace gw
