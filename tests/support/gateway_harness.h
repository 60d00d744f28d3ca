// gateway_harness.h - an in-process Gateway for tests of the catalog and
// health machinery: FakeClock, FakeHttpClient for real providers, a
// RecordingEventSink, and an environment holding only the keys given. The
// built-in mock provider answers in-process; mock_script() queues its
// behaviour like POST /_mock/script on `gw mock`. Tests only.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "proxy/gateway.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/recording_event_sink.h"

namespace gw {

// The default config with `edit` applied: config_with([](Config& c) { c.catalog.sync = true; }).
inline Config config_with(const std::function<void(Config&)>& edit) {
  Config c;
  edit(c);
  return c;
}

struct GatewayHarness {
  FakeClock clock;
  FakeHttpClient net;
  RecordingEventSink events;
  std::map<std::string, std::string> env;
  std::unique_ptr<Gateway> gateway;

  explicit GatewayHarness(Config config = {}, std::map<std::string, std::string> keys = {}) : env(std::move(keys)) {
    GatewayOptions o;
    o.config = std::move(config);
    o.clock = &clock;
    o.network = &net;
    o.events = &events;
    o.getenv = [this](const char* name) -> const char* {
      auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    };
    auto g = Gateway::create(std::move(o));
    if (!g.ok()) FAIL(g.error().message);
    gateway = std::move(g).value();
  }

  const Services& services() const { return gateway->services(); }

  Reply request(std::string method, std::string path, std::string body = "", std::string query = "") {
    InboundRequest in;
    in.method = std::move(method);
    in.path = std::move(path);
    in.query = std::move(query);
    in.body = std::move(body);
    in.remote_addr = "127.0.0.1";
    return gateway->handle(in);
  }
  nlohmann::json get_json(std::string path, std::string query = "") {
    Reply r = request("GET", std::move(path), "", std::move(query));
    CHECK(r.status == 200);
    return nlohmann::json::parse(r.body);
  }
  Reply chat(const std::string& model, const std::string& text = "hi") {
    nlohmann::json body = {{"model", model}, {"messages", {{{"role", "user"}, {"content", text}}}}};
    return request("POST", "/v1/chat/completions", body.dump());
  }
  // Queues steps on the in-process mock provider, e.g. {"status":503}.
  void mock_script(const nlohmann::json& steps) {
    HttpRequest r;
    r.url = "mock://local/_mock/script";
    r.body = nlohmann::json{{"steps", steps}}.dump();
    auto opened = services().mock->open(r);
    REQUIRE(opened.ok());
    REQUIRE((*opened)->status() == 200);
  }
  // The mock provider's next `n` requests answer 503.
  void mock_fails_next(int n) {
    nlohmann::json steps = nlohmann::json::array();
    for (int i = 0; i < n; ++i) steps.push_back({{"status", 503}});
    mock_script(steps);
  }
};

// An OpenAI chat.completion a fake provider can answer with.
inline const std::string kChatAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";

}  // namespace gw
