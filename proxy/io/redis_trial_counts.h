// redis_trial_counts.h - trial counts (core/ledger/trial_counts.h) in
// Redis, shared by every `gw serve` instance that names the same [redis]
// url: a trial user gets the trial's request and token caps across all of
// them, not once per instance.
//
// One hash per user, "gw:trial:<user id>" with fields r (requests) and t
// (tokens), expiring a day after the trial ends. Each call is one Lua
// script, one round trip, atomic in Redis: claim raises the counts to what
// the caller knows and adds a request when both are below the caps; charged
// adds tokens; returned takes a request back (never below zero).
//
// A failure (timeout, refused connection, script error) is kUnavailable
// and Redis is then left alone for `retry_ms` (as the limiter's fallback
// does: a hanging Redis costs one request the timeout, not every request);
// meanwhile each instance decides on its own counts. fallbacks() counts the
// claims answered that way.
//
// Thread-safety: all members may be called from any thread or fiber.
#pragma once

#include <atomic>

#include "core/base/clock.h"
#include "core/ledger/trial_counts.h"
#include "proxy/io/redis_client.h"

namespace gw {

class RedisTrialCounts : public TrialCounts {
 public:
  RedisTrialCounts(RedisClient& redis, Clock& clock, int64_t retry_ms)
      : redis_(redis), clock_(clock), retry_ms_(retry_ms) {}

  Result<TrialClaim> claim(std::string_view user_id, TrialUse known, TrialUse caps, int64_t expires_unix_ms) override;
  void charged(std::string_view user_id, int64_t tokens, int64_t expires_unix_ms) override;
  void returned(std::string_view user_id) override;

  int64_t fallbacks() const { return fallbacks_.load(); }

 private:
  bool skipping() const { return clock_.now_unix_ms() < skip_until_ms_.load(); }
  void failed() { skip_until_ms_.store(clock_.now_unix_ms() + retry_ms_); }

  RedisClient& redis_;
  Clock& clock_;
  const int64_t retry_ms_;
  std::atomic<int64_t> skip_until_ms_{0};
  std::atomic<int64_t> fallbacks_{0};
};

}  // namespace gw
