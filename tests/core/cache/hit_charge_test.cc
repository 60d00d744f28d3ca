// What a response-cache hit costs its caller ([cache] charge_hits) and the
// hit ratio gw cache stats shows (core/cache/hit_charge.h).
#include "core/cache/hit_charge.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("hit charge: \"free\" and \"full\" parse and name themselves; anything else is refused by name") {
  CHECK(parse_hit_charge("free").value() == HitCharge::kFree);
  CHECK(parse_hit_charge("full").value() == HitCharge::kFull);
  CHECK(hit_charge_name(HitCharge::kFree) == "free");
  CHECK(hit_charge_name(HitCharge::kFull) == "full");
  auto bad = parse_hit_charge("half");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("\"half\"") != std::string::npos);
}

TEST_CASE("hit ratio: hits over lookups, 0 before the first lookup") {
  CacheStats s;
  CHECK(hit_ratio(s) == 0.0);
  s.hits = 3;
  s.misses = 1;
  CHECK(hit_ratio(s) == doctest::Approx(0.75));
  s.misses = 0;
  CHECK(hit_ratio(s) == 1.0);
}

}  // namespace gw
