// Single flight (core/cache/single_flight.h): the first request for a key
// leads, the others follow until it lands; a landed key can fly again.
#include "core/cache/single_flight.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("single flight: the first leads, the rest follow the same flight until it lands") {
  SingleFlight table;
  auto leader = table.join("k", true);
  REQUIRE(leader.lease);
  CHECK_FALSE(leader.follow);
  auto second = table.join("k", true);
  auto third = table.join("k", false);
  CHECK_FALSE(second.lease);
  REQUIRE(second.follow);
  CHECK(second.follow == third.follow);
  CHECK_FALSE(second.follow->landed.load());
  CHECK(table.join("other", true).lease);  // another key flies on its own (and lands at once)
  CHECK(table.in_flight() == 1);

  leader.lease->land();
  CHECK(second.follow->landed.load());
  CHECK(table.in_flight() == 0);
  leader.lease->land();                // idempotent
  CHECK(table.join("k", true).lease);  // a new flight
}

TEST_CASE("single flight: a caller that may not lead finds no flight to follow; a dropped lease lands") {
  SingleFlight table;
  auto none = table.join("k", false);
  CHECK_FALSE(none.lease);
  CHECK_FALSE(none.follow);
  std::shared_ptr<const SingleFlight::Flight> follow;
  {
    auto leader = table.join("k", true);
    follow = table.join("k", true).follow;
    REQUIRE(follow);
  }  // the leader's request ended without storing an answer
  CHECK(follow->landed.load());
  CHECK(table.in_flight() == 0);
}

}  // namespace gw
