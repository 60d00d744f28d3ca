// E2E: what the routers learn from traffic and do when a pick fails, through
// gw serve and gw mock. With [router] mock_models the routers choose between
// mock/echo (free, Elo 1360, latency prior 50 ms) and mock/echo-priced
// (Elo 1440, prior 80 ms), both served by the mock provider, so gw mock's
// script (a 503, a slow answer) decides what happens:
//   - measured p50 TTFT and total reach x-gw-route, /admin/latency and
//     `gw route explain --url`, and replace the prior in router:general:latency
//     once a model has [router] latency_samples answers;
//   - when the pick's providers all fail, the runner-up answers, and
//     x-gw-route says what failed and why.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const char* kMockRouting = "[router]\nmock_models = true\nlatency_samples = 3\n";

}  // namespace

TEST_CASE("router:general:latency moves off a model once it is measured slower than the other's prior") {
  Stack stack(kMockRouting);
  auto c = client(stack.serve.port());
  auto mock = client(stack.mock.port());
  auto first = c.Post("/v1/chat/completions", chat_body("hi", true, "router:general:latency"), "application/json");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  CHECK(first->get_header_value("x-gw-model") == "mock/echo");  // prior 50 ms < 80 ms
  CHECK(first->get_header_value("x-gw-route").find("why=lowest p50 50ms (prior: 0 of 3 answers measured)") !=
        std::string::npos);
  // Three slow streamed answers from mock/echo (250 ms before the head).
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"latency_ms":250},{"latency_ms":250},{"latency_ms":250}]})",
                    "application/json"));
  std::string route;
  for (int i = 0; i < 3; ++i) {
    auto r = c.Post("/v1/chat/completions", chat_body("hi", true, "mock/echo"), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
  }
  // A new conversation (the first one keeps its model: stickiness).
  auto after =
      c.Post("/v1/chat/completions", chat_body("hello there", true, "router:general:latency"), "application/json");
  REQUIRE(after);
  REQUIRE(after->status == 200);
  route = after->get_header_value("x-gw-route");
  CAPTURE(route);
  CHECK(after->get_header_value("x-gw-model") == "mock/echo-priced");
  CHECK(route.find("why=lowest p50 80ms (prior: 0 of 3 answers measured)") != std::string::npos);
  // mock/echo: 4 answers measured (one fast, three slow): p50 total and TTFT >= 250 ms.
  const auto at = route.find("mock/echo elo=1360 $0.0000/M p50=");
  REQUIRE(at != std::string::npos);
  const int p50 = std::atoi(route.c_str() + at + std::string("mock/echo elo=1360 $0.0000/M p50=").size());
  CHECK(p50 >= 250);
  CHECK(route.find("ms(n=4) ttft=", at) != std::string::npos);

  auto admin = c.Get("/admin/latency");
  REQUIRE(admin);
  REQUIRE(admin->status == 200);
  json rows = json_of(admin)["data"];
  bool seen = false;
  for (const auto& row : rows)
    if (row["model"] == "mock/echo") {
      seen = true;
      CHECK(row["provider"] == "mock");
      CHECK(row["total_samples"] == 4);
      CHECK(row["ttft_samples"] == 4);
      CHECK(row["total_p50_ms"].get<int>() >= 250);
      CHECK(row["ttft_p50_ms"].get<int>() >= 250);
    }
  CHECK(seen);

  auto explained = run_gw_cli("--config " + stack.dir.file("config.toml") +
                              " route explain -m router:general:latency --url " + stack.serve.url() + " hi");
  CAPTURE(explained.out);
  CHECK(explained.code == 0);
  CHECK(explained.out.find("chosen: mock/echo-priced") != std::string::npos);
  CHECK(explained.out.find("(n=4)") != std::string::npos);
  CHECK(explained.out.find("(measured by " + stack.serve.url() + ")") != std::string::npos);
}

TEST_CASE("the pick's provider fails: the runner-up model answers, streamed, and x-gw-route says why") {
  Stack stack(kMockRouting);
  auto mock = client(stack.mock.port());
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"status":503}]})", "application/json"));
  auto r =
      client(stack.serve.port())
          .Post("/v1/chat/completions", chat_body("fall back", true, "router:general:quality"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("x-gw-model") == "mock/echo");
  CHECK(r->get_header_value("x-gw-attempts") == "2");
  const std::string route = r->get_header_value("x-gw-route");
  CAPTURE(route);
  CHECK(route.find("chosen=mock/echo; runner_up=-; why=fell back down the ranking, first pick mock/echo-priced: "
                   "highest elo 1440; fell_back_from=mock/echo-priced (upstream_503: provider mock answered 503") !=
        std::string::npos);
  CHECK(r->body.find("\"fall") != std::string::npos);  // the echo, streamed word by word
  CHECK(r->body.find("data: [DONE]") != std::string::npos);
}

TEST_CASE("every ranked model fails: the caller gets the last error in their dialect, with the route") {
  Stack stack(kMockRouting);
  auto mock = client(stack.mock.port());
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"status":503},{"status":502}]})", "application/json"));
  json messages = {{"model", "router:general:quality"},
                   {"max_tokens", 50},
                   {"messages", json::array({{{"role", "user"}, {"content", "hi"}}})}};
  auto r = client(stack.serve.port())
               .Post("/v1/messages", {{"anthropic-version", "2023-06-01"}}, messages.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 502);
  CHECK(json_of(r)["type"] == "error");
  const std::string route = r->get_header_value("x-gw-route");
  CHECK(route.find("fell_back_from=mock/echo-priced (upstream_503") != std::string::npos);
  CHECK(route.find("chosen=mock/echo;") != std::string::npos);
}
