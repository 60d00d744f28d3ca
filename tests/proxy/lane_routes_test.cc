// lane_routes_test.cc - the routes that wait on the database run on the
// gateway's bounded LanePool: a full pool answers 503 with Retry-After, and
// a caller refused by a rate-limit door (/auth/login) never takes a lane.
// In-process Gateway over a FakeClock; no sockets, no sleeps.
#include <doctest/doctest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "proxy/gateway.h"
#include "proxy/io/lane_pool.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

struct LaneHarness {
  TempDir dir;
  FakeClock clock;
  FakeHttpClient no_network;
  std::unique_ptr<Gateway> gateway;

  explicit LaneHarness(Config config) {
    config.auth.identity_secret = "test-identity-secret";
    auto g = Gateway::create({.config = config,
                              .db_path = dir.file("gw.db"),
                              .clock = &clock,
                              .network = &no_network,
                              .getenv = [](const char *) -> const char * { return nullptr; }});
    REQUIRE_MESSAGE(g.ok(), g.error().message);
    gateway = std::move(g).value();
  }
  LanePool &lanes() const { return *gateway->services().lanes; }

  Reply post(std::string path, std::string body) const {
    InboundRequest in;
    in.method = "POST";
    in.path = std::move(path);
    in.body = std::move(body);
    in.remote_addr = "203.0.113.9";  // not loopback
    return gateway->handle(in);
  }
};

TEST_CASE(
    "lane routes: a caller over the login door is refused without taking "
    "a lane thread") {
  LaneHarness h(Config{});
  const std::string forged = R"({"assertion":"not.a.jwt"})";
  for (int i = 0; i < 10; ++i) CHECK(h.post("/auth/login", forged).status == 401);  // on a lane
  CHECK(h.lanes().jobs_admitted() == 10);
  Reply r = h.post("/auth/login", forged);
  CHECK(r.status == 429);
  CHECK(r.headers.get("Retry-After") != "");
  CHECK(h.lanes().jobs_admitted() == 10);  // the refusal took no lane
}

TEST_CASE(
    "lane routes: when every lane thread and queue place is taken, the "
    "route answers 503 with Retry-After") {
  Config config;
  config.server.lane_threads = 1;
  config.server.lane_queue = 0;
  LaneHarness h(config);
  std::promise<void> started, released;
  std::thread holder([&] {
    h.lanes().run([&] {
      started.set_value();
      released.get_future().wait();
    });
  });
  started.get_future().wait();  // the only lane is taken
  Reply r = h.post("/auth/login", R"({"assertion":"not.a.jwt"})");
  CHECK(r.status == 503);
  CHECK(r.headers.get("Retry-After") == "1");
  CHECK(nlohmann::json::parse(r.body)["error"]["code"] == "server_busy");
  InboundRequest audit;
  audit.method = "GET";
  audit.path = "/admin/audit";
  Reply admin = h.gateway->handle(audit);
  CHECK(admin.status == 503);
  CHECK(admin.headers.get("Retry-After") == "1");
  released.set_value();
  holder.join();
  CHECK(h.post("/auth/login", R"({"assertion":"not.a.jwt"})").status == 401);  // served again
}

}  // namespace
}  // namespace gw
