// ServerSecret's key lookup hashes stay exact while each thread remembers
// recent ones: two secrets in one process never answer with each other's.
#include "proxy/io/server_secret.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {

TEST_CASE("lookup hashes of two secrets in one thread stay apart and equal a fresh HMAC every time") {
  auto a = load_server_secret("", ":memory:", nullptr);
  auto b = load_server_secret("", ":memory:", nullptr);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  const std::string key = "gw_live_0123456789abcdef";
  for (int round = 0; round < 3; ++round) {  // the first round computes, the others remember
    CHECK((*a)->lookup_hash(key) == (*a)->lookup_mac->hex(key));
    CHECK((*b)->lookup_hash(key) == (*b)->lookup_mac->hex(key));
    CHECK((*a)->lookup_hash(key) != (*b)->lookup_hash(key));
    CHECK((*a)->lookup_hash(key + "x") == (*a)->lookup_mac->hex(key + "x"));
  }
}

}  // namespace gw
