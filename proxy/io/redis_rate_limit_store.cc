// redis_rate_limit_store.cc - contracts in redis_rate_limit_store.h.
#include "proxy/io/redis_rate_limit_store.h"

#include <string>

namespace gw {
namespace {

// KEYS[1] counter; ARGV[1] amount, ARGV[2] expiry (Unix ms).
constexpr std::string_view kAdd = R"lua(
local amount = tonumber(ARGV[1])
if amount == 0 then return tonumber(redis.call('GET', KEYS[1]) or '0') end
local v = redis.call('INCRBY', KEYS[1], amount)
if v < 0 then redis.call('SET', KEYS[1], 0); v = 0 end
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return v
)lua";

// KEYS[1] gauge; ARGV[1] delta, ARGV[2] time to live (ms).
constexpr std::string_view kGauge = R"lua(
local v = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
if v <= 0 then redis.call('DEL', KEYS[1]); return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return v
)lua";

// KEYS[1] counter, KEYS[2] gauge; ARGV[1] amount, ARGV[2] counter expiry
// (Unix ms), ARGV[3] limit, ARGV[4] slot limit, ARGV[5] gauge ttl (ms).
constexpr std::string_view kAddAndHold = R"lua(
local total = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
if total < 0 then redis.call('SET', KEYS[1], 0); total = 0 end
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
if total > tonumber(ARGV[3]) then return {total, 0} end
local level = redis.call('INCR', KEYS[2])
if level > tonumber(ARGV[4]) then
  if redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
else
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return {total, level}
)lua";

// KEYS[1..n] counters, KEYS[n+1] the gauge to lower by one (optional);
// ARGV[2i-1] amount and ARGV[2i] expiry (Unix ms) of counter i, then the
// gauge's time to live (ms). Each counter as kAdd, the gauge as kGauge.
constexpr std::string_view kAddMany = R"lua(
local n = math.floor(#ARGV / 2)
local totals = {}
for i = 1, n do
  local amount = tonumber(ARGV[2 * i - 1])
  local v
  if amount == 0 then
    v = tonumber(redis.call('GET', KEYS[i]) or '0')
  else
    v = redis.call('INCRBY', KEYS[i], amount)
    if v < 0 then redis.call('SET', KEYS[i], 0); v = 0 end
    redis.call('PEXPIREAT', KEYS[i], ARGV[2 * i])
  end
  totals[i] = v
end
if #KEYS > n then
  if redis.call('INCRBY', KEYS[n + 1], -1) <= 0 then redis.call('DEL', KEYS[n + 1])
  else redis.call('PEXPIRE', KEYS[n + 1], ARGV[2 * n + 1]) end
end
return totals
)lua";

std::string window_key(std::string_view name, int64_t window_start_ms) {
  return "gw:rl:" + std::string(name) + ":" + std::to_string(window_start_ms);
}

std::string gauge_key(std::string_view name) { return "gw:rl:" + std::string(name); }

Result<int64_t> integer_of(const Result<RedisReply>& r) {
  if (!r) return r.error();
  if (r->type != RedisReply::Type::kInteger) return make_error(ErrorKind::kUnavailable, "redis: unexpected reply");
  return r->integer;
}

}  // namespace

Result<int64_t> RedisRateLimitStore::add(std::string_view name, int64_t window_start_ms, int64_t window_ms,
                                         int64_t amount) {
  const std::string key = window_key(name, window_start_ms);
  const std::string n = std::to_string(amount), expiry = std::to_string(window_start_ms + window_ms + 1000);
  return integer_of(redis_.command({"EVAL", kAdd, "1", key, n, expiry}));
}

Result<int64_t> RedisRateLimitStore::gauge(std::string_view name, int64_t delta) {
  const std::string key = gauge_key(name);
  const std::string d = std::to_string(delta), ttl = std::to_string(kGaugeTtlMs);
  return integer_of(redis_.command({"EVAL", kGauge, "1", key, d, ttl}));
}

Result<SlotCount> RedisRateLimitStore::add_and_hold(std::string_view name, int64_t window_start_ms, int64_t window_ms,
                                                    int64_t amount, int64_t limit, std::string_view slot,
                                                    int64_t slot_limit) {
  const std::string counter = window_key(name, window_start_ms), gauge = gauge_key(slot);
  const std::string n = std::to_string(amount), expiry = std::to_string(window_start_ms + window_ms + 1000),
                    lim = std::to_string(limit), slot_lim = std::to_string(slot_limit),
                    ttl = std::to_string(kGaugeTtlMs);
  auto r = redis_.command({"EVAL", kAddAndHold, "2", counter, gauge, n, expiry, lim, slot_lim, ttl});
  if (!r) return r.error();
  if (r->type != RedisReply::Type::kArray || r->elements.size() != 2)
    return make_error(ErrorKind::kUnavailable, "redis: unexpected reply");
  return SlotCount{r->elements[0].integer, r->elements[1].integer};
}

Result<std::vector<int64_t>> RedisRateLimitStore::add_many(std::span<const CounterAdd> adds, std::string_view release) {
  std::vector<std::string> argv{"EVAL", std::string(kAddMany), std::to_string(adds.size() + (release.empty() ? 0 : 1))};
  for (const CounterAdd& a : adds) argv.push_back(window_key(a.name, a.window_start_ms));
  if (!release.empty()) argv.push_back(gauge_key(release));
  for (const CounterAdd& a : adds) {
    argv.push_back(std::to_string(a.amount));
    argv.push_back(std::to_string(a.window_start_ms + a.window_ms + 1000));
  }
  if (!release.empty()) argv.push_back(std::to_string(kGaugeTtlMs));
  auto r = redis_.command(argv);
  if (!r) return r.error();
  if (r->type != RedisReply::Type::kArray || r->elements.size() != adds.size())
    return make_error(ErrorKind::kUnavailable, "redis: unexpected reply");
  std::vector<int64_t> totals;
  for (const RedisReply& e : r->elements) totals.push_back(e.integer);
  return totals;
}

}  // namespace gw
