// hit_charge.cc - see hit_charge.h. Pure; thread-safe.
#include "core/cache/hit_charge.h"

#include <string>

namespace gw {

Result<HitCharge> parse_hit_charge(std::string_view text) {
  if (text == "free") return HitCharge::kFree;
  if (text == "full") return HitCharge::kFull;
  return make_error(ErrorKind::kInvalidRequest,
                    "cache charge_hits must be \"free\" or \"full\", not \"" + std::string(text) + "\"");
}

std::string_view hit_charge_name(HitCharge charge) { return charge == HitCharge::kFull ? "full" : "free"; }

double hit_ratio(const CacheStats& stats) {
  const int64_t lookups = stats.hits + stats.misses;
  return lookups > 0 ? static_cast<double>(stats.hits) / static_cast<double>(lookups) : 0.0;
}

}  // namespace gw
