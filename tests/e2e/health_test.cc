// E2E: GET /health and gw health against gw serve + gw mock: 200 even when
// degraded (CM-11.5), incidents when the upstream fails, and the active checks
// when they are turned on. (The plain /health shape is checked in
// chat_completions_test.cc.)
#include <doctest/doctest.h>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

TEST_CASE("a failing upstream opens a critical incident that /health and gw health report") {
  Stack stack;
  client(stack.mock.port())
      .Post("/_mock/script",
            R"({"steps":[{"status":503},{"status":503},{"status":503},{"status":503},{"status":503}]})",
            "application/json");
  auto c = client(stack.serve.port());
  for (int i = 0; i < 5; ++i) c.Post("/v1/chat/completions", chat_body("x"), "application/json");
  auto r = c.Get("/health");
  CHECK(r->status == 200);  // degraded is said in the body, never by the status code
  auto j = json_of(r);
  CHECK(j["status"] == "degraded");
  REQUIRE(j["incidents"].size() == 1);
  CHECK(j["incidents"][0]["severity"] == "critical");
  CliResult health = run_gw_cli("health --url " + stack.serve.url());
  CHECK(health.code == 69);
  CHECK(health.out.find("status:  degraded") != std::string::npos);
  CHECK(health.out.find("incident: [critical] mock: circuit breaker open") != std::string::npos);
  CHECK(health.out.find("breakers:      0 closed, 1 open") != std::string::npos);
  CliResult as_json = run_gw_cli("health --json --url " + stack.serve.url());
  CHECK(as_json.code == health.code);  // --json changes the format, never the verdict
}

TEST_CASE("a fresh server's health counts the same breakers as gw breakers list") {
  Stack stack;
  auto j = json_of(client(stack.serve.port()).Get("/health"));
  CliResult list = run_gw_cli("breakers list --json --url " + stack.serve.url());
  REQUIRE(list.code == 0);
  auto breakers = nlohmann::json::parse(list.out);
  CHECK(breakers.size() > 0);
  CHECK(j["subsystems"]["breakers"]["closed"].get<size_t>() == breakers.size());
}

TEST_CASE("active checks on: a model in use is probed in the background, free models cost nothing") {
  Stack stack("[health]\nactive_checks = true\n");
  auto c = client(stack.serve.port());
  REQUIRE(c.Post("/v1/chat/completions", chat_body("x"), "application/json")->status == 200);
  // The monitor looks every 5 s; mock/echo is now the most used model (critical).
  REQUIRE(eventually(
      [&] { return json_of(c.Get("/health"))["subsystems"]["active_checks"]["checks_total"].get<int64_t>() >= 1; },
      15000));
  auto stats = json_of(client(stack.mock.port()).Get("/_mock/stats"));
  CHECK(stats["requests"] == 2);  // the chat and one probe
  CHECK(nlohmann::json::parse(stats["last_request"]["body"].get<std::string>())["max_tokens"] == 1);
  auto checks = json_of(c.Get("/health"))["subsystems"]["active_checks"];
  CHECK(checks["spend_today"] == "0.00");
  CHECK(checks["tiers"]["critical"] == 1);
  CliResult health = run_gw_cli("health --url " + stack.serve.url());
  CHECK(health.code == 0);
  CHECK(health.out.find("active checks: on, $0.00 of $0.10 spent today, 1 checks") != std::string::npos);
}
