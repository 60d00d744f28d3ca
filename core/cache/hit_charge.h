// hit_charge.h - what a response-cache hit costs its caller ([cache]
// charge_hits), and the hit ratio of the store's counters as the operator
// reads them (`gw cache stats`, GET /admin/cache).
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "core/base/result.h"
#include "core/cache/response_cache.h"

namespace gw {

// [cache] charge_hits: who pays for an answer served from the cache.
enum class HitCharge {
  kFree,  // the default: a hit costs nothing, needs no balance, and its usage record says what it saved
  kFull,  // a hit is billed like the request that made it (pre-flight, hold, one charge per request id)
};
Result<HitCharge> parse_hit_charge(std::string_view text);  // "free" | "full"
std::string_view hit_charge_name(HitCharge charge);

// Hits over lookups (hits + misses), 0 before any lookup. Not money: a ratio
// for display only.
double hit_ratio(const CacheStats& stats);

}  // namespace gw
