// E2E: gw serve proxies /v1/chat/completions to gw mock, non-streaming.
#include <doctest/doctest.h>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

TEST_CASE("a chat completion through gw returns the provider's answer with gw's headers") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = c.Post("/v1/chat/completions", chat_body("hello from the test"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  auto j = json_of(r);
  CHECK(j["object"] == "chat.completion");
  CHECK(j["choices"][0]["message"]["content"] == "hello from the test");
  CHECK(j["choices"][0]["finish_reason"] == "stop");
  CHECK(j["usage"]["prompt_tokens"].get<int>() > 0);
  CHECK(r->get_header_value("x-request-id").rfind("req_", 0) == 0);
  CHECK(r->get_header_value("x-gw-provider") == "mock");
  CHECK(r->get_header_value("x-gw-model") == "mock/echo");
  CHECK(!r->get_header_value("x-gw-overhead-us").empty());
  CHECK(r->get_header_value("Content-Type") == "application/json");
}

TEST_CASE("aliases resolve and the provider receives its native model id") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = c.Post("/v1/chat/completions", chat_body("alias please", false, "echo"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("x-gw-model") == "mock/echo");
  auto m = client(stack.mock.port());
  auto stats = json_of(m.Get("/_mock/stats"));
  auto sent = nlohmann::json::parse(stats["last_request"]["body"].get<std::string>());
  CHECK(sent["model"] == "echo");
  CHECK_FALSE(sent.contains("provider"));
}

TEST_CASE("a client's own x-request-id is echoed back") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = c.Post("/v1/chat/completions", {{"x-request-id", "ci-run-42"}}, chat_body("id"), "application/json");
  REQUIRE(r);
  CHECK(r->get_header_value("x-request-id") == "ci-run-42");
}

TEST_CASE("upstream connections are reused across requests") {
  Stack stack;
  auto c = client(stack.serve.port());
  for (int i = 0; i < 20; ++i) {
    auto r = c.Post("/v1/chat/completions", chat_body("again"), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
  }
  // The mock sees every request; gw's keep-alive pool means it saw them on
  // at most a couple of connections (one per gw worker thread used).
  auto stats = json_of(client(stack.mock.port()).Get("/_mock/stats"));
  CHECK(stats["requests"] == 20);
}

TEST_CASE("GET /v1/models lists the catalog and GET /v1/models/{id} describes one model") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = c.Get("/v1/models");
  REQUIRE(r);
  CHECK(r->status == 200);
  auto j = json_of(r);
  CHECK(j["object"] == "list");
  bool found = false;
  for (const auto& m : j["data"])
    if (m["id"] == "mock/echo") found = true;
  CHECK(found);
  auto one = c.Get("/v1/models/echo");
  REQUIRE(one);
  CHECK(one->status == 200);
  CHECK(json_of(one)["id"] == "mock/echo");
  CHECK(json_of(one)["pricing"]["prompt"] == "0.00");
}

TEST_CASE("GET /health is 200 with status, version, timestamp and subsystems") {
  Stack stack;
  auto r = client(stack.serve.port()).Get("/health");
  REQUIRE(r);
  CHECK(r->status == 200);
  auto j = json_of(r);
  CHECK(j["status"] == "operational");
  CHECK(j["version"].is_string());
  CHECK(j["timestamp"].get<int64_t>() > 1'600'000'000);
  CHECK(j["subsystems"]["providers"]["enabled"].size() >= 1);
  CHECK(j["subsystems"]["database"]["status"] == "ok");
  CHECK(j["subsystems"]["active_checks"]["enabled"] == false);  // both off by default: no outbound calls
  CHECK(j["subsystems"]["catalog"]["sync"]["enabled"] == false);
}

TEST_CASE("a model that does not chat is refused on the chat route") {
  Stack stack;
  auto r =
      client(stack.serve.port()).Post("/v1/chat/completions", chat_body("x", false, "mock/embed"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(json_of(r)["error"]["param"] == "model");
}
