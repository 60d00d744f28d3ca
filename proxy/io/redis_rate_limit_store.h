// redis_rate_limit_store.h - the rate limiter's counters in Redis, shared by
// every `gw serve` instance that names the same [redis] url: with three
// instances a key still gets its plan's requests a minute, not three times
// as many.
//
// Each call is one Lua script, one round trip, atomic in Redis:
//   add           INCRBY on "gw:rl:<name>:<window start>", clamped at zero,
//                 expiring when the window ends (a late correction to an
//                 ended window finds its counter gone or expiring: harmless);
//   gauge         INCRBY on "gw:rl:<name>", clamped at zero, deleted at zero,
//                 expiring 10 minutes after the last change (a crashed
//                 instance's slots come back by themselves);
//   add_and_hold  the minute's count and, when within its limit, the
//                 concurrency slot - the whole admission decision.
//   add_many      several adds (a request's day and month tokens) and a
//                 slot given back, in one script.
// A failure (timeout, refused connection, script error) is an error; the
// FallbackRateLimitStore in front answers from the in-process LRU then.
//
// Thread-safety: all members may be called from any thread or fiber.
#pragma once

#include "core/limits/rate_limit_store.h"
#include "proxy/io/redis_client.h"

namespace gw {

class RedisRateLimitStore : public RateLimitStore {
 public:
  static constexpr int64_t kGaugeTtlMs = 10 * 60 * 1000;

  explicit RedisRateLimitStore(RedisClient& redis) : redis_(redis) {}

  Result<int64_t> add(std::string_view name, int64_t window_start_ms, int64_t window_ms, int64_t amount) override;
  Result<int64_t> gauge(std::string_view name, int64_t delta) override;
  Result<SlotCount> add_and_hold(std::string_view name, int64_t window_start_ms, int64_t window_ms, int64_t amount,
                                 int64_t limit, std::string_view slot, int64_t slot_limit) override;
  Result<std::vector<int64_t>> add_many(std::span<const CounterAdd> adds, std::string_view release = {}) override;

 private:
  RedisClient& redis_;
};

}  // namespace gw
