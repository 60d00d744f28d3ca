// redis_trial_counts.cc - contracts in redis_trial_counts.h.
#include "proxy/io/redis_trial_counts.h"

#include <string>

namespace gw {
namespace {

// KEYS[1] the user's hash; ARGV[1..2] known requests and tokens, ARGV[3..4]
// their caps, ARGV[5] expiry (Unix ms). Returns {claimed, requests, tokens}.
constexpr std::string_view kClaim = R"lua(
local r = math.max(tonumber(redis.call('HGET', KEYS[1], 'r') or '0'), tonumber(ARGV[1]))
local t = math.max(tonumber(redis.call('HGET', KEYS[1], 't') or '0'), tonumber(ARGV[2]))
local ok = 0
if r < tonumber(ARGV[3]) and t < tonumber(ARGV[4]) then r = r + 1; ok = 1 end
redis.call('HSET', KEYS[1], 'r', r, 't', t)
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return {ok, r, t}
)lua";

// KEYS[1] the user's hash; ARGV[1] tokens, ARGV[2] expiry (Unix ms).
constexpr std::string_view kCharged = R"lua(
redis.call('HINCRBY', KEYS[1], 't', tonumber(ARGV[1]))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
)lua";

// KEYS[1] the user's hash.
constexpr std::string_view kReturned = R"lua(
if tonumber(redis.call('HGET', KEYS[1], 'r') or '0') > 0 then redis.call('HINCRBY', KEYS[1], 'r', -1) end
return 1
)lua";

std::string trial_key(std::string_view user_id) { return "gw:trial:" + std::string(user_id); }

}  // namespace

Result<TrialClaim> RedisTrialCounts::claim(std::string_view user_id, TrialUse known, TrialUse caps,
                                           int64_t expires_unix_ms) {
  if (skipping()) {
    fallbacks_.fetch_add(1);
    return make_error(ErrorKind::kUnavailable, "redis: skipped after a failure");
  }
  const std::string key = trial_key(user_id), kr = std::to_string(known.requests), kt = std::to_string(known.tokens),
                    cr = std::to_string(caps.requests), ct = std::to_string(caps.tokens),
                    expiry = std::to_string(expires_unix_ms);
  auto r = redis_.command({"EVAL", kClaim, "1", key, kr, kt, cr, ct, expiry});
  if (!r || r->type != RedisReply::Type::kArray || r->elements.size() != 3) {
    failed();
    fallbacks_.fetch_add(1);
    return r ? make_error(ErrorKind::kUnavailable, "redis: unexpected reply to the trial claim") : r.error();
  }
  TrialClaim c;
  c.claimed = r->elements[0].integer == 1;
  c.used.requests = r->elements[1].integer;
  c.used.tokens = r->elements[2].integer;
  return c;
}

void RedisTrialCounts::charged(std::string_view user_id, int64_t tokens, int64_t expires_unix_ms) {
  if (skipping()) return;
  const std::string key = trial_key(user_id), n = std::to_string(tokens), expiry = std::to_string(expires_unix_ms);
  if (!redis_.command({"EVAL", kCharged, "1", key, n, expiry})) failed();
}

void RedisTrialCounts::returned(std::string_view user_id) {
  if (skipping()) return;
  const std::string key = trial_key(user_id);
  if (!redis_.command({"EVAL", kReturned, "1", key})) failed();
}

}  // namespace gw
