// An instance's share of the probes' daily cap while the cluster's counter
// is unreachable (core/health/alone_share.h).
#include "core/health/alone_share.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

Money units(int64_t n) { return Money::from_units(n); }

}  // namespace

TEST_CASE("alone share: no share before the counter was read that day") {
  AloneShare share(units(100));
  CHECK(share.try_spend(units(1), 5) == std::nullopt);
  share.saw_cluster(5, units(0), 1);
  CHECK(share.try_spend(units(1), 6) == std::nullopt);  // a new day: read it again first
  CHECK(share.known_spent(6) == std::nullopt);
}

TEST_CASE("alone share: N instances each spend at most their share of what was left") {
  AloneShare share(units(100));
  share.saw_cluster(5, units(40), 3);  // 60 left, 20 each
  CHECK(share.try_spend(units(15), 5) == true);
  CHECK(share.try_spend(units(5), 5) == true);
  CHECK(share.try_spend(units(1), 5) == false);
  CHECK(share.owed(5) == units(20));
  CHECK(share.known_spent(5) == units(60));
  // Paid in to the counter, which is then read with everyone's spend.
  share.paid(units(20), 5);
  CHECK(share.owed(5) == units(0));
  share.saw_cluster(5, units(100), 3);  // the cap is reached
  CHECK(share.try_spend(units(1), 5) == false);
  CHECK(share.try_spend(units(0), 5) == true);  // a free probe fits
}

TEST_CASE("alone share: a counter past the cap leaves nothing; a share is rounded down") {
  AloneShare share(units(10));
  share.saw_cluster(1, units(12), 2);
  CHECK(share.try_spend(units(1), 1) == false);
  share.saw_cluster(1, units(5), 2);  // 5 left: 2 each, never 2.5
  CHECK(share.try_spend(units(2), 1) == true);
  CHECK(share.try_spend(units(1), 1) == false);
}

}  // namespace gw
