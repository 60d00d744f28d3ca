// [redis] url as gw reads it (proxy/io/redis_client.h): host, port,
// password and database, with defaults; anything else is a config error.
#include <doctest/doctest.h>

#include "proxy/io/redis_client.h"

namespace gw {

TEST_CASE("redis url: host and port, with defaults") {
  auto a = parse_redis_url("redis://10.0.0.5:6380");
  REQUIRE(a.ok());
  CHECK(a->host == "10.0.0.5");
  CHECK(a->port == 6380);
  CHECK(a->db == 0);
  auto d = parse_redis_url("redis://cache");
  REQUIRE(d.ok());
  CHECK(d->host == "cache");
  CHECK(d->port == 6379);
}

TEST_CASE("redis url: password and database number") {
  auto a = parse_redis_url("redis://:s3cret@127.0.0.1:6379/2");
  REQUIRE(a.ok());
  CHECK(a->password == "s3cret");
  CHECK(a->db == 2);
}

TEST_CASE("redis url: not redis:// or a bad port is a config error") {
  CHECK(parse_redis_url("http://127.0.0.1:6379").error().kind == ErrorKind::kConfig);
  CHECK(parse_redis_url("redis://127.0.0.1:99999").error().kind == ErrorKind::kConfig);
  CHECK(parse_redis_url("redis://127.0.0.1:port").error().kind == ErrorKind::kConfig);
}

}  // namespace gw
