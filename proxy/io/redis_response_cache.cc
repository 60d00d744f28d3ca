// redis_response_cache.cc - contracts in redis_response_cache.h.
#include "proxy/io/redis_response_cache.h"

#include <algorithm>
#include <cstdlib>

#include "core/cache/cached_answer_codec.h"

namespace gw {
namespace {

constexpr std::string_view kPrefix = "gw:cache:a:", kIndex = "gw:cache:idx", kMeta = "gw:cache:meta",
                           kBytes = "gw:cache:bytes";

// Shared by the scripts: forget(k) removes one answer, its index entry, its
// meta and its bytes. KEYS[1] index, KEYS[2] meta, KEYS[3] bytes; ARGV[1]
// the answers' key prefix.
constexpr std::string_view kForget = R"lua(
local function forget(k)
  local m = redis.call('HGET', KEYS[2], k)
  if m then
    redis.call('DECRBY', KEYS[3], tonumber(string.match(m, '^(%d+)')))
    redis.call('HDEL', KEYS[2], k)
  end
  redis.call('ZREM', KEYS[1], k)
  redis.call('DEL', ARGV[1] .. k)
end
)lua";

// ARGV[2] key, ARGV[3] value, ARGV[4] ttl ms, ARGV[5] now ms, ARGV[6] max
// entries, ARGV[7] max bytes, ARGV[8] "model\ntenant". Returns {evicted, expired}.
constexpr std::string_view kPut = R"lua(
forget(ARGV[2])
local expired = 0
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[5]) - tonumber(ARGV[4]), 'LIMIT', 0, 100)) do
  forget(k); expired = expired + 1
end
local size = string.len(ARGV[3])
redis.call('SET', ARGV[1] .. ARGV[2], ARGV[3], 'PX', ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[5], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], size .. '\n' .. ARGV[8])
local total = redis.call('INCRBY', KEYS[3], size)
local evicted = 0
while redis.call('ZCARD', KEYS[1]) > tonumber(ARGV[6]) or total > tonumber(ARGV[7]) do
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0)
  if #oldest == 0 then break end
  forget(oldest[1]); evicted = evicted + 1
  total = tonumber(redis.call('GET', KEYS[3]) or '0')
end
return {evicted, expired}
)lua";

// ARGV[2] key.
constexpr std::string_view kDrop = "forget(ARGV[2]) return 1";

// ARGV[2] model, ARGV[3] tenant ("" = any). Returns the keys removed.
constexpr std::string_view kClear = R"lua(
local gone = {}
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local _, _, model, tenant = string.find(all[i + 1], '^%d+\n([^\n]*)\n(.*)$')
  if (ARGV[2] == '' or model == ARGV[2]) and (ARGV[3] == '' or tenant == ARGV[3]) then
    table.insert(gone, all[i])
  end
end
for _, k in ipairs(gone) do forget(k) end
return gone
)lua";

std::string script(std::string_view body) { return std::string(kForget) + std::string(body); }

}  // namespace

RedisResponseCache::RedisResponseCache(RedisClient& redis, const Clock& clock, MemoryCacheSettings settings,
                                       int64_t retry_ms)
    : redis_(redis), clock_(clock), settings_(settings), retry_ms_(retry_ms) {}

void RedisResponseCache::failed(std::string why) {
  failures_.fetch_add(1);
  skip_until_ms_.store(clock_.now_unix_ms() + retry_ms_);
  std::lock_guard<std::mutex> lock(mu_);
  last_failure_ = std::move(why);
}

std::shared_ptr<const CachedAnswer> RedisResponseCache::get(const std::string& key, std::optional<int64_t> max_age_s) {
  if (skipping()) {
    count_miss();
    return nullptr;
  }
  auto r = redis_.command({"GET", std::string(kPrefix) + key});
  if (!r) {
    failed(r.error().message);
    count_miss();
    return nullptr;
  }
  if (r->type != RedisReply::Type::kString) {
    count_miss();
    return nullptr;
  }
  auto answer = decode_cached_answer(r->text);
  if (!answer) {
    drop(key, "stored answer does not decode");
    count_miss();
    return nullptr;
  }
  const int64_t age_ms = clock_.now_unix_ms() - answer->stored_ms;
  if (age_ms >= settings_.ttl_ms || (max_age_s && age_ms > *max_age_s * 1000)) {
    if (age_ms >= settings_.ttl_ms) expirations_.fetch_add(1);
    count_miss();
    return nullptr;
  }
  hits_.fetch_add(1);
  {
    std::lock_guard<std::mutex> lock(mu_);
    saved_ = saved_.plus(answer->cost).value_or(saved_);
  }
  return std::make_shared<const CachedAnswer>(std::move(*answer));
}

void RedisResponseCache::put(const std::string& key, CachedAnswer answer) {
  if (skipping()) return;
  answer.stored_ms = clock_.now_unix_ms();
  const std::string value = encode_cached_answer(answer);
  if (value.size() > settings_.max_bytes / 16) return;  // too large to share
  const std::string s = script(kPut), ttl = std::to_string(settings_.ttl_ms), now = std::to_string(answer.stored_ms),
                    max_entries = std::to_string(settings_.max_entries),
                    max_bytes = std::to_string(settings_.max_bytes), meta = answer.model + "\n" + answer.tenant;
  auto r = redis_.command(
      {"EVAL", s, "3", kIndex, kMeta, kBytes, kPrefix, key, value, ttl, now, max_entries, max_bytes, meta});
  if (!r || r->type != RedisReply::Type::kArray || r->elements.size() != 2) {
    failed(r ? "redis: unexpected reply to a cache store" : r.error().message);
    return;
  }
  stores_.fetch_add(1);
  evictions_.fetch_add(r->elements[0].integer);
  expirations_.fetch_add(r->elements[1].integer);
}

void RedisResponseCache::drop(const std::string& key, std::string_view why) {
  failures_.fetch_add(1);
  {
    std::lock_guard<std::mutex> lock(mu_);
    last_failure_ = std::string(why);
  }
  if (skipping()) return;
  if (auto r = redis_.command({"EVAL", script(kDrop), "3", kIndex, kMeta, kBytes, kPrefix, key}); !r)
    failed(r.error().message);
}

std::vector<std::string> RedisResponseCache::clear(std::string_view model, std::string_view tenant) {
  std::vector<std::string> gone;
  auto r = redis_.command({"EVAL", script(kClear), "3", kIndex, kMeta, kBytes, kPrefix, model, tenant});
  if (!r || r->type != RedisReply::Type::kArray) {
    failed(r ? "redis: unexpected reply to a cache clear" : r.error().message);
    return gone;
  }
  for (const RedisReply& k : r->elements) gone.push_back(k.text);
  return gone;
}

CacheStats RedisResponseCache::stats() const {
  CacheStats s;
  s.hits = hits_.load();
  s.misses = misses_.load();
  s.stores = stores_.load();
  s.evictions = evictions_.load();
  s.expirations = expirations_.load();
  s.failures = failures_.load();
  {
    std::lock_guard<std::mutex> lock(mu_);
    s.last_failure = last_failure_;
    s.saved = saved_;
  }
  if (skipping()) return s;
  if (auto n = redis_.command({"ZCARD", kIndex}); n && n->type == RedisReply::Type::kInteger)
    s.entries = static_cast<size_t>(n->integer);
  if (auto b = redis_.command({"GET", kBytes}); b && b->type == RedisReply::Type::kString)
    s.bytes = static_cast<size_t>(std::max<int64_t>(0, std::strtoll(b->text.c_str(), nullptr, 10)));
  return s;
}

}  // namespace gw
