// server_limits_test.cc - HttpServer's resource limits, over raw loopback
// sockets: [server] max_connections (a connection past it is answered 503
// and closed, the open ones are still served) and max_buffered_body_bytes
// (a body that would take the server past it is answered 503 with
// Retry-After while the bodies already held are served). Counts, not timing:
// every wait is a bounded socket read or future.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/http/http1_request.h"
#include "proxy/server/body_budget.h"
#include "proxy/server/http_server.h"
#include "tests/support/raw_wire.h"

namespace gw {
namespace {

// A request head with a Content-Length of `declared` and `sent` bytes of body.
void send_post(Wire &w, std::string_view path, size_t declared, size_t sent, bool close = false) {
  w.send("POST " + std::string(path) + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(declared) +
         (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + std::string(sent, 'b'));
}

Reply ok_reply(const InboundRequest &in) {
  Reply r;
  r.body = std::to_string(in.body.size());
  return r;
}

std::string error_code(const Wire::Response &r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

TEST_CASE(
    "server limits: a connection past max_connections gets 503 and a "
    "close; open ones are still served") {
  ServerOptions options;
  options.keep_alive_timeout_s = 60;  // idle test connections stay open
  options.threads = 1;
  options.max_connections = 2;
  LiveServer server(ok_reply, options);
  Wire a(server.port()), b(server.port());
  send_post(a, "/x", 1, 1);
  send_post(b, "/x", 1, 1);
  CHECK(a.read_response().status == 200);  // both are open and served
  CHECK(b.read_response().status == 200);
  Wire c(server.port());  // the third: turned away before it sends anything
  Wire::Response refused = c.read_response();
  CHECK(refused.status == 503);
  CHECK(refused.headers.get("Retry-After") == "1");
  CHECK(error_code(refused) == "server_busy");
  CHECK(c.at_eof());
  send_post(a, "/x", 2, 2);  // the open connections are not affected
  CHECK(a.read_response().status == 200);
  send_post(b, "/x", 3, 3, /*close=*/true);
  CHECK(b.read_response().status == 200);
  CHECK(b.at_eof());  // b is closed: there is room again
  Wire d(server.port());
  send_post(d, "/x", 4, 4);
  CHECK(d.read_response().status == 200);
}

TEST_CASE(
    "server limits: a body that would take the server past "
    "max_buffered_body_bytes gets 503 with Retry-After") {
  std::promise<void> entered, released;
  std::shared_future<void> release = released.get_future().share();
  auto handler = [&](const InboundRequest &in) {
    if (in.path == "/hold") {  // keeps its 80,000-byte body held until released
      entered.set_value();
      release.wait_for(std::chrono::seconds(10));  // bounded: a failing test must not hang the server
    }
    return ok_reply(in);
  };
  ServerOptions options;
  options.keep_alive_timeout_s = 60;  // idle test connections stay open
  options.threads = 3;                // round robin: a blocks loop 0, b and small run on loops 1 and 2
  options.max_buffered_body_bytes = 100'000;
  LiveServer server(handler, options);
  Wire a(server.port());
  send_post(a, "/hold", 80'000, 80'000, /*close=*/true);
  entered.get_future().wait();  // a's body is held: 20,000 bytes are left
  Wire b(server.port());
  send_post(b, "/x", 50'000, 20'001);  // refused once its 20,001st byte arrives
  Wire::Response refused = b.read_response();
  CHECK(refused.status == 503);
  CHECK(refused.headers.get("Retry-After") == "1");
  CHECK(error_code(refused) == "server_busy");
  CHECK(b.at_eof());
  Wire small(server.port());  // a body that fits is served meanwhile
  send_post(small, "/x", 20'000, 20'000, /*close=*/true);
  CHECK(small.read_response().body == "20000");
  CHECK(small.at_eof());
  released.set_value();
  CHECK(a.read_response().body == "80000");
  CHECK(a.at_eof());  // a's connection is done: its body memory is given back
  Wire c(server.port());
  send_post(c, "/x", 50'000, 50'000);
  CHECK(c.read_response().body == "50000");
}

TEST_CASE("body budget: holds grow within the limit and are given back") {
  BodyBudget budget(100);
  {
    BodyHold a(&budget), b(&budget);
    CHECK(a.grow_to(60));
    CHECK(a.grow_to(40));  // never shrinks
    CHECK(budget.held() == 60);
    CHECK_FALSE(b.grow_to(41));
    CHECK(b.grow_to(40));
    CHECK(budget.held() == 100);
    a.release();
    CHECK(budget.held() == 40);
  }
  CHECK(budget.held() == 0);
  BodyHold unbounded(nullptr);
  CHECK(unbounded.grow_to(int64_t{1} << 40));
}

}  // namespace
}  // namespace gw
