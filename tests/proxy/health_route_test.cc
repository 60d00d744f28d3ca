// GET /health (proxy/routes/health.cc): always 200 with status, version and
// timestamp (CM-11.5..11.8), per-subsystem detail, and the provider detail
// cached for 6 minutes (CM-8.2.4) while status stays current.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "proxy/monitor/health_monitor.h"
#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {

TEST_CASE("/health: 200 with status operational, version and timestamp") {
  GatewayHarness h({}, {.env = {}});
  Reply r = h.request("GET", "/health");
  CHECK(r.status == 200);
  CHECK_FALSE(r.headers.get("x-request-id").empty());
  json j = json::parse(r.body);
  CHECK(j["status"] == "operational");
  CHECK(j["version"] == GW_VERSION);
  CHECK(j["timestamp"] == h.clock.now_unix_ms() / 1000);
  CHECK(j["incidents"].empty());
  for (const char* part : {"database", "catalog", "breakers", "active_checks", "providers"})
    CHECK_MESSAGE(j["subsystems"].contains(part), part);
}

TEST_CASE("/health: still 200 when a provider is down; the body says degraded and why") {
  GatewayHarness h({}, {.env = {}});
  h.mock_fails_next(5);
  for (int i = 0; i < 5; ++i) h.ask("mock/echo");
  Reply r = h.request("GET", "/health");
  CHECK(r.status == 200);
  json j = json::parse(r.body);
  CHECK(j["status"] == "degraded");
  REQUIRE(j["incidents"].size() == 1);
  CHECK(j["incidents"][0]["severity"] == "critical");
  CHECK(j["incidents"][0]["provider"] == "mock");
  CHECK(j["incidents"][0]["opened_at"] == h.clock.now_unix_ms() / 1000);
  CHECK(j["subsystems"]["breakers"]["open"] == 1);
  CHECK(j["subsystems"]["breakers"]["tripped"] == json::array({"mock"}));
}

TEST_CASE("/health: provider detail is cached for 6 minutes, status is not") {
  GatewayHarness h({}, {.env = {}});
  CHECK(Config{}.health.cache_ttl_s == 360);
  h.ask("mock/echo");
  auto traffic = [&] { return h.get_json("/health")["subsystems"]["providers"]["traffic"]["mock"]["requests"]; };
  CHECK(traffic() == 1);
  h.mock_fails_next(5);
  for (int i = 0; i < 5; ++i) h.ask("mock/echo");
  h.clock.advance_ms(359'999);
  json j = h.get_json("/health");
  CHECK(j["subsystems"]["providers"]["traffic"]["mock"]["requests"] == 1);  // cached figures
  CHECK(j["subsystems"]["providers"]["as_of"] == 1'700'000'000);
  CHECK(j["status"] == "degraded");  // but the breaker that opened since is reported at once
  h.clock.advance_ms(1);
  CHECK(traffic() == 6);
}

TEST_CASE("/health: per-model rows carry p50 latency and the latest active check") {
  GatewayHarness h(config_with([](Config& c) { c.health.active_checks = true; }), {.env = {}});
  h.ask("mock/echo");
  h.services().monitor->tick();
  h.clock.advance_ms(360'000);
  json models = h.get_json("/health")["subsystems"]["providers"]["models"];
  REQUIRE(models.size() == 1);
  CHECK(models[0]["model"] == "mock/echo");
  CHECK(models[0]["probes"] == 1);
  CHECK(models[0].contains("p50_latency_ms"));
  CHECK(models[0]["last_check"]["ok"] == true);
}

}  // namespace gw
