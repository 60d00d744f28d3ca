// Active health checks and incidents through the gateway
// (proxy/monitor/health_monitor.h, active_checker.h). FakeClock; the mock
// provider answers in-process; no sleeps.
#include "proxy/monitor/health_monitor.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/health/provider_health.h"
#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {
namespace {

Config checks_on() {
  return config_with([](Config& c) { c.health.active_checks = true; });
}

HealthMonitor& monitor(GatewayHarness& h) { return *h.services().monitor; }

HealthStats row(GatewayHarness& h, const std::string& provider, const std::string& model) {
  for (const auto& s : h.services().health->models())
    if (s.provider == provider && s.model == model) return s;
  return {};
}

}  // namespace

TEST_CASE("active checks: off by default, so no probe is ever sent") {
  GatewayHarness h({}, {.env = {}});
  h.ask("mock/echo");
  h.clock.advance_ms(5 * 3'600'000);
  monitor(h).tick();
  CHECK(row(h, "mock", "mock/echo").probes == 0);
  CHECK(h.get_json("/health")["subsystems"]["active_checks"]["enabled"] == false);
}

TEST_CASE("active checks: a model in use is critical: probed at once, then every 300 s") {
  GatewayHarness h(checks_on(), {.env = {}});
  h.ask("mock/echo");
  CHECK(monitor(h).checks().run_due().ran == 1);
  HealthStats s = row(h, "mock", "mock/echo");
  CHECK(s.requests == 2);
  CHECK(s.probes == 1);
  CHECK(s.usage() == 1);  // the probe does not make the model look more used
  CHECK(monitor(h).checks().run_due().ran == 0);
  CHECK(monitor(h).checks().ms_until_due(HealthMonitor::kTickMs) == HealthMonitor::kTickMs);
  h.clock.advance_ms(299'999);
  CHECK(monitor(h).checks().run_due().ran == 0);
  CHECK(monitor(h).checks().ms_until_due(HealthMonitor::kTickMs) == 1);
  h.clock.advance_ms(1);
  CHECK(monitor(h).checks().run_due().ran == 1);
  auto st = monitor(h).checks().status();
  CHECK(st.tiers["critical"] == 1);
  CHECK(st.checks_total == 2);
}

TEST_CASE("active checks: unused models are standard: first checked within its 2-4 h window") {
  GatewayHarness h(checks_on(), {.env = {}});
  CHECK(monitor(h).checks().run_due().ran == 0);
  h.clock.advance_ms(4 * 3'600'000);
  CHECK(monitor(h).checks().run_due().ran == 2);
  CHECK(monitor(h).checks().status().tiers["standard"] == 2);
}

TEST_CASE("active checks: a probe goes through the provider's adapter with max_tokens and is charged") {
  GatewayHarness h(checks_on(), {.env = {{"OPENAI_API_KEY", "sk-test"}}});
  h.net.respond(200, kChatAnswer);
  REQUIRE(h.ask("gpt-4o").status == 200);  // usage makes openai/gpt-4o critical
  h.net.respond(200, kChatAnswer);
  CheckRound round = monitor(h).checks().run_due();
  CHECK(round.ran == 1);
  auto sent = h.net.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].url == "https://api.openai.com/v1/chat/completions");
  CHECK(sent[1].headers.get("authorization") == "Bearer sk-test");
  json body = json::parse(sent[1].body);
  CHECK(body["model"] == "gpt-4o");
  CHECK(body["max_completion_tokens"] == 1);
  CHECK(body["messages"][0]["content"] == "ping");
  // 16 prompt tokens x $2.50/M + 1 completion token x $10/M, exactly.
  CHECK(monitor(h).checks().status().spend.spent.to_string() == "0.00005");
  CHECK(row(h, "openai", "openai/gpt-4o").probes == 1);
}

TEST_CASE("active checks: probes that would pass the daily spend cap are skipped and counted") {
  Config c = checks_on();
  c.health.daily_spend_cap = Money();  // $0: only free models may be probed
  GatewayHarness h(c, {.env = {{"OPENAI_API_KEY", "sk-test"}}});
  h.clock.advance_ms(4 * 3'600'000);  // every target's first slot has come
  CheckRound round = monitor(h).checks().run_due();
  CHECK(round.ran == 1);  // mock/echo costs nothing
  CHECK(round.skipped_over_cap > 10);
  CHECK(h.net.requests().empty());
  auto checks = h.get_json("/health")["subsystems"]["active_checks"];
  CHECK(checks["skipped_over_cap_today"] == round.skipped_over_cap);
  CHECK(checks["spend_today"] == "0.00");
  CHECK(checks["daily_spend_cap"] == "0.00");
  // Skipped checks wait for their next slot instead of retrying every tick.
  CHECK(monitor(h).checks().run_due().skipped_over_cap == 0);
}

TEST_CASE("active checks feed breakers and incidents; model.degraded is emitted at high and critical") {
  Config c = checks_on();
  c.breakers.cooldown_s = 600;
  GatewayHarness h(c, {.env = {}});
  REQUIRE(h.ask("mock/echo").status == 200);
  h.mock_fails_next(5);
  auto probe = [&] {
    CheckRound r = monitor(h).checks().run_due();
    h.clock.advance_ms(300'000);
    return r;
  };
  CHECK(probe().failed == 1);
  auto open = monitor(h).incidents();
  REQUIRE(open.size() == 1);
  CHECK(open[0].incident.severity == Severity::kMedium);
  CHECK(open[0].incident.model == "mock/echo");
  CHECK(open[0].incident.summary.find("active check failed 1 time in a row") == 0);
  CHECK(h.events.events().empty());

  probe();
  probe();  // third failure in a row: high
  monitor(h).incidents();
  auto events = h.events.events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "model.degraded");
  CHECK(events[0].data["model"] == "mock/echo");
  CHECK(events[0].data["provider"] == "mock");
  CHECK(events[0].data["severity"] == "high");

  probe();
  probe();  // fifth: the breaker opens; the provider as a whole is now critical
  open = monitor(h).incidents();
  REQUIRE(open.size() == 1);
  CHECK(open[0].incident.severity == Severity::kCritical);
  CHECK(open[0].incident.model.empty());
  events = h.events.events();
  REQUIRE(events.size() == 2);
  CHECK(events[1].data["severity"] == "critical");
  CHECK(events[1].data["model"].is_null());
  CHECK(h.get_json("/health")["status"] == "degraded");

  // While the breaker cools down the check is skipped; after it, the probe is
  // the half-open trial, succeeds, and closes the breaker.
  CHECK(probe().skipped_breaker_open == 1);
  CHECK(probe().ran == 1);
  CHECK(monitor(h).incidents().empty());
  CHECK(h.get_json("/health")["status"] == "operational");
}

TEST_CASE("health monitor: a tick derives incidents from passive health without anyone asking") {
  GatewayHarness h({}, {.env = {}});
  h.mock_fails_next(5);
  for (int i = 0; i < 5; ++i) h.ask("mock/echo");
  CHECK(monitor(h).tracker().open().empty());
  CHECK(monitor(h).tick() == HealthMonitor::kTickMs);
  auto open = monitor(h).tracker().open();
  REQUIRE(open.size() == 1);
  CHECK(open[0].incident.severity == Severity::kCritical);
  REQUIRE(h.events.events().size() == 1);
}

}  // namespace gw
