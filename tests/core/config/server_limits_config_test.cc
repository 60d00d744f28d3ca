// Tests for the [server] resource limits in core/config/config.h:
// max_connections, max_buffered_body_bytes, lane_threads, lane_queue.
#include <doctest/doctest.h>

#include <string>

#include "core/config/config.h"

namespace gw {
namespace {

TEST_CASE("config: server resource limits have documented defaults") {
  Config c;
  CHECK(c.server.max_connections == 4096);
  CHECK(c.server.max_buffered_body_bytes == int64_t{256} << 20);
  CHECK(c.server.lane_threads == 16);
  CHECK(c.server.lane_queue == 256);
  auto parsed = parse_config("");
  REQUIRE(parsed.ok());
  CHECK(parsed->server.max_connections == 4096);
}

TEST_CASE(
    "config: server resource limits are read, range-checked and rendered "
    "back") {
  auto c = parse_config(
      "[server]\nmax_connections = 10\nmax_buffered_body_bytes = "
      "1048576\nlane_threads = 2\nlane_queue = 0\n");
  REQUIRE_MESSAGE(c.ok(), c.error().message);
  CHECK(c->server.max_connections == 10);
  CHECK(c->server.max_buffered_body_bytes == 1048576);
  CHECK(c->server.lane_threads == 2);
  CHECK(c->server.lane_queue == 0);
  auto again = parse_config(render_config(*c, false));
  REQUIRE(again.ok());
  CHECK(again->server.max_connections == 10);
  CHECK(again->server.max_buffered_body_bytes == 1048576);
  CHECK(again->server.lane_threads == 2);
  CHECK(again->server.lane_queue == 0);
  for (const char *bad :
       {"max_connections = 0", "max_buffered_body_bytes = 0", "lane_threads = 0", "lane_queue = -1"}) {
    auto e = parse_config(std::string("[server]\n") + bad + "\n");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::kConfig);
    CHECK(e.error().message.find(std::string(bad).substr(0, std::string(bad).find(' '))) != std::string::npos);
  }
  CHECK(starter_config_text().find("max_buffered_body_bytes") != std::string::npos);
}

}  // namespace
}  // namespace gw
