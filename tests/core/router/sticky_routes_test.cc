#include "core/router/sticky_routes.h"

#include <doctest/doctest.h>

#include "tests/support/fake_clock.h"

namespace gw {

TEST_CASE("a remembered conversation is found until its TTL passes without use") {
  FakeClock clock;
  StickyRoutes sticky(clock, 10, 1000);
  sticky.put("k", {"a/b", CodeTier::kModerate});
  clock.advance_ms(900);
  REQUIRE(sticky.get("k"));  // refreshes
  clock.advance_ms(900);
  CHECK(sticky.get("k")->model_id == "a/b");
  clock.advance_ms(1001);
  CHECK_FALSE(sticky.get("k"));
  CHECK(sticky.size() == 0);
}

TEST_CASE("the store is bounded: the least recently used conversation goes first") {
  FakeClock clock;
  StickyRoutes sticky(clock, 2, 60000);
  sticky.put("a", {"m/1", std::nullopt});
  sticky.put("b", {"m/2", std::nullopt});
  (void)sticky.get("a");
  sticky.put("c", {"m/3", std::nullopt});
  CHECK(sticky.size() == 2);
  CHECK(sticky.get("a"));
  CHECK_FALSE(sticky.get("b"));
  CHECK(sticky.get("c"));
}

TEST_CASE("the key separates tenants and routers and follows only the stable prefix") {
  CHECK(sticky_key("u1", "router:code:auto", "user:hi\n") == sticky_key("u1", "router:code:auto", "user:hi\n"));
  CHECK(sticky_key("u1", "router:code:auto", "user:hi\n") != sticky_key("u2", "router:code:auto", "user:hi\n"));
  CHECK(sticky_key("u1", "router:code:auto", "user:hi\n") != sticky_key("u1", "router:code:price", "user:hi\n"));
  CHECK(sticky_key("u1", "router:code:auto", "user:hi\n").size() == 64);
}

}  // namespace gw
