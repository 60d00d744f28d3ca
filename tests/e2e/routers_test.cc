// E2E: the router:* models through gw serve. With [router] mock_models the
// routers pick among the mock's two scored models (mock/echo: free, code 30;
// mock/echo-priced: priced, code 62), so their choices are visible: every
// routed answer carries x-gw-route, in every client dialect, streamed or
// not; a bad mode is a 400 listing the valid ones; the usage log keeps the
// decision (gw usage --by route); and failover still runs over the routed
// model's providers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const char* kMockRouting = "[router]\nmock_models = true\n";
const std::string kComplexPrompt =
    "It crashes:\n```python\nx = load()\n```\nTraceback (most recent call last):\n  File \"a.py\", line 3, in "
    "<module>\nKeyError: 'id'";

}  // namespace

TEST_CASE("router:code:auto sends a simple prompt to the cheap model and a complex one to the best, with x-gw-route") {
  Stack stack(kMockRouting);
  auto c = client(stack.serve.port());
  auto simple = c.Post("/v1/chat/completions", chat_body("what is the syntax for a lambda?", false, "router:code:auto"),
                       "application/json");
  REQUIRE(simple);
  REQUIRE(simple->status == 200);
  CHECK(simple->get_header_value("x-gw-model") == "mock/echo");
  const std::string h = simple->get_header_value("x-gw-route");
  CHECK(h.find("router=code:auto; tier=simple") == 0);
  CHECK(h.find("chosen=mock/echo; runner_up=mock/echo-priced") != std::string::npos);
  CHECK(json_of(simple)["model"] == "mock/echo");

  auto complex =
      c.Post("/v1/chat/completions", chat_body(kComplexPrompt, false, "router:code:auto"), "application/json");
  REQUIRE(complex);
  REQUIRE(complex->status == 200);
  CHECK(complex->get_header_value("x-gw-model") == "mock/echo-priced");
  CHECK(complex->get_header_value("x-gw-route").find("tier=complex (stack_trace+code)") != std::string::npos);
}

TEST_CASE("a router works streamed and in the Anthropic and Responses dialects") {
  Stack stack(kMockRouting);
  auto c = client(stack.serve.port());
  auto streamed =
      c.Post("/v1/chat/completions", chat_body("hello", true, "router:general:quality"), "application/json");
  REQUIRE(streamed);
  CHECK(streamed->status == 200);
  CHECK(streamed->get_header_value("x-gw-route").find("chosen=mock/echo-priced") != std::string::npos);
  CHECK(streamed->body.find("data: [DONE]") != std::string::npos);

  json messages = {{"model", "router:general:cost"},
                   {"max_tokens", 50},
                   {"stream", true},
                   {"messages", json::array({{{"role", "user"}, {"content", "hi"}}})}};
  auto anthropic = c.Post("/v1/messages", {{"anthropic-version", "2023-06-01"}}, messages.dump(), "application/json");
  REQUIRE(anthropic);
  CHECK(anthropic->status == 200);
  CHECK(anthropic->get_header_value("x-gw-route").find("router=general:cost") == 0);
  CHECK(anthropic->get_header_value("x-gw-model") == "mock/echo");  // free, and above the Elo floor

  json responses = {{"model", "router:general:balanced"}, {"input", "hi"}};
  auto r = c.Post("/v1/responses", responses.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("x-gw-route").find("router=general:balanced") == 0);
}

TEST_CASE("CM-4.1.8 through gw serve: an unknown router mode is a 400 listing the valid ones") {
  Stack stack(kMockRouting);
  auto r = client(stack.serve.port())
               .Post("/v1/chat/completions", chat_body("hi", false, "router:general:fastest"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(r->body.find("router:general:quality, router:general:cost") != std::string::npos);
}

TEST_CASE("without mock_models the routers never pick a mock model") {
  Stack stack;  // only the mock provider is configured
  auto r = client(stack.serve.port())
               .Post("/v1/chat/completions", chat_body("hi", false, "router:code:auto"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 503);
  CHECK(r->body.find("no model can serve router:code:auto") != std::string::npos);
}

TEST_CASE("the routed model's first provider fails: gw fails over to its next provider and still says why") {
  Stack stack(R"([providers.anthropic]
base_url = "${MOCK}/v1"
api_key = "sk-ant"
[providers.openrouter]
base_url = "${MOCK}/v1"
api_key = "sk-or"
)");
  auto mock = client(stack.mock.port());
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"status":503}]})", "application/json"));
  auto r = client(stack.serve.port())
               .Post("/v1/chat/completions", chat_body("hello", false, "router:code:quality"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("x-gw-model") == "anthropic/claude-opus-4.5");  // best SWE-bench score served here
  CHECK(r->get_header_value("x-gw-provider") == "openrouter");
  CHECK(r->get_header_value("x-gw-attempts") == "2");
  CHECK(r->get_header_value("x-gw-route").find("chosen=anthropic/claude-opus-4.5") != std::string::npos);
}

TEST_CASE("the usage log keeps the decision: gw usage --by route") {
  Stack stack(kMockRouting);
  auto c = client(stack.serve.port());
  for (int i = 0; i < 2; ++i)
    REQUIRE(
        c.Post("/v1/chat/completions", chat_body("what is a tuple?", false, "router:code:price"), "application/json")
            ->status == 200);
  REQUIRE(c.Post("/v1/chat/completions", chat_body("plain", false, "mock/echo"), "application/json")->status == 200);
  std::string out;
  CHECK(eventually([&] {
    out = run_gw_cli("--config " + stack.dir.file("config.toml") + " --db " + stack.dir.file("gw.db") +
                     " usage --by route")
              .out;
    return out.find("code:price simple -> mock/echo\t2") != std::string::npos;
  }));
  CHECK(out.find("(not routed)\t1") != std::string::npos);
}
