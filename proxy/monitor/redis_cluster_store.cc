// redis_cluster_store.cc - contracts in redis_cluster_store.h.
#include "proxy/monitor/redis_cluster_store.h"

namespace gw {
namespace {

constexpr std::string_view kLease = "gw:leader";
constexpr std::string_view kPeers = "gw:peers";
constexpr int64_t kSpendKeptMs = 2 * 86'400'000;  // a day's counter outlives its day

// Taken when free (SET NX PX), extended only by its holder.
constexpr std::string_view kHold = R"(
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) return 1 end
return 0)";

constexpr std::string_view kRelease = R"(
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0)";

// Adds ARGV[1] units unless the day's total would pass ARGV[2].
constexpr std::string_view kSpend = R"(
local v = tonumber(redis.call('GET', KEYS[1]) or '0')
if v + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1)";

// Stores this instance's summary, then lists every live one (pruning ids
// whose summary expired).
constexpr std::string_view kExchange = R"(
redis.call('SET', 'gw:peer:' .. ARGV[1], ARGV[2], 'PX', ARGV[3])
redis.call('SADD', KEYS[1], ARGV[1])
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local v = redis.call('GET', 'gw:peer:' .. id)
  if v then table.insert(out, id) table.insert(out, v) else redis.call('SREM', KEYS[1], id) end
end
return out)";

std::string spend_key(int64_t day) { return "gw:probe_spend:" + std::to_string(day); }

Result<int64_t> integer_of(Result<RedisReply> r) {
  if (!r) return r.error();
  if (r->type == RedisReply::Type::kNil) return int64_t{0};
  if (r->type == RedisReply::Type::kInteger) return r->integer;
  if (r->type == RedisReply::Type::kString) {
    try {
      return static_cast<int64_t>(std::stoll(r->text));
    } catch (...) {
    }
  }
  return make_error(ErrorKind::kUnavailable, "redis: unexpected reply");
}

}  // namespace

Result<bool> RedisClusterStore::hold_lease(const std::string& id, int64_t ttl_ms) {
  auto r = integer_of(redis_.command({"EVAL", kHold, "1", kLease, id, std::to_string(ttl_ms)}));
  if (!r) return r.error();
  return *r == 1;
}

Status RedisClusterStore::release_lease(const std::string& id) {
  auto r = redis_.command({"EVAL", kRelease, "1", kLease, id});
  if (!r) return r.error();
  return Ok{};
}

Result<bool> RedisClusterStore::try_spend(int64_t day, int64_t units, int64_t cap) {
  auto r = integer_of(redis_.command(
      {"EVAL", kSpend, "1", spend_key(day), std::to_string(units), std::to_string(cap), std::to_string(kSpendKeptMs)}));
  if (!r) return r.error();
  return *r == 1;
}

Result<int64_t> RedisClusterStore::spent(int64_t day) { return integer_of(redis_.command({"GET", spend_key(day)})); }

Status RedisClusterStore::put(const std::string& name, const std::string& value) {
  auto r = redis_.command({"SET", "gw:snapshot:" + name, value});
  if (!r) return r.error();
  return Ok{};
}

Result<std::optional<std::string>> RedisClusterStore::get(const std::string& name) {
  auto r = redis_.command({"GET", "gw:snapshot:" + name});
  if (!r) return r.error();
  if (r->type != RedisReply::Type::kString) return std::optional<std::string>();
  return std::optional<std::string>(std::move(r->text));
}

Result<std::map<std::string, std::string>> RedisClusterStore::exchange(const std::string& id,
                                                                       const std::string& summary, int64_t ttl_ms) {
  auto r = redis_.command({"EVAL", kExchange, "1", kPeers, id, summary, std::to_string(ttl_ms)});
  if (!r) return r.error();
  std::map<std::string, std::string> out;
  for (size_t i = 0; i + 1 < r->elements.size(); i += 2) out[r->elements[i].text] = r->elements[i + 1].text;
  return out;
}

}  // namespace gw
