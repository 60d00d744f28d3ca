// gateway_harness.h - an in-process Gateway for pipeline, catalog, health
// and telemetry tests: FakeClock, FakeHttpClient for providers and another
// for telemetry exports (OTLP, Sentry), predictable ids, a
// RecordingEventSink, optionally the access log captured in memory, and an
// environment holding only the keys given (by default OpenAI and OpenRouter,
// so openai/gpt-4o has two candidates, in that order). The built-in mock
// provider answers in-process; mock_script() queues its behaviour like
// POST /_mock/script on `gw mock`. No sockets, no sleeps. Tests only.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "proxy/gateway.h"
#include "tests/support/captured_log.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/fake_random.h"
#include "tests/support/recording_event_sink.h"

namespace gw {

// The default config with `edit` applied: config_with([](Config& c) { c.catalog.sync = true; }).
inline Config config_with(const std::function<void(Config&)>& edit) {
  Config c;
  edit(c);
  return c;
}

inline const std::map<std::string, std::string> kProviderKeys = {{"OPENAI_API_KEY", "sk-test-openai"},
                                                                 {"OPENROUTER_API_KEY", "sk-test-or"}};

struct HarnessOptions {
  std::map<std::string, std::string> env = kProviderKeys;  // the process environment; {} = only the mock
  bool capture_access_log = false;                         // access_log captures the access log
  HttpClient* exporter = nullptr;                          // replaces `exports` (e.g. a collector that stalls)
  HttpClient* network = nullptr;                           // replaces `net` (e.g. a client that throws)
};

struct GatewayHarness {
  FakeClock clock;
  FakeHttpClient net;      // provider calls
  FakeHttpClient exports;  // OTLP and Sentry posts
  CountingRandom random;
  RecordingEventSink events;
  std::map<std::string, std::string> env;
  CapturedLog* access_log = nullptr;  // owned by the gateway; null unless captured
  std::unique_ptr<Gateway> gateway;

  explicit GatewayHarness(Config config = {}, HarnessOptions options = {}) : env(std::move(options.env)) {
    GatewayOptions o;
    o.config = std::move(config);
    o.clock = &clock;
    o.network = options.network ? options.network : &net;
    o.telemetry_network = options.exporter ? options.exporter : &exports;
    o.random = &random;
    o.events = &events;
    if (options.capture_access_log) {
      auto log = std::make_unique<CapturedLog>();
      access_log = log.get();
      o.access_log = std::move(log);
    }
    o.getenv = [this](const char* name) -> const char* {
      auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    };
    auto g = Gateway::create(std::move(o));
    if (!g.ok()) FAIL(g.error().message);
    gateway = std::move(g).value();
  }

  const Services& services() const { return gateway->services(); }

  Reply request(std::string method, std::string path, std::string body = "", std::string query = "",
                Headers headers = {}) {
    InboundRequest in;
    in.method = std::move(method);
    in.path = std::move(path);
    in.query = std::move(query);
    in.body = std::move(body);
    in.headers = std::move(headers);
    in.remote_addr = "127.0.0.1";
    return gateway->handle(in);
  }
  Reply get(std::string path) { return request("GET", std::move(path)); }
  nlohmann::json get_json(std::string path, std::string query = "") {
    Reply r = request("GET", std::move(path), "", std::move(query));
    CHECK(r.status == 200);
    return nlohmann::json::parse(r.body);
  }
  Reply chat(nlohmann::json body, Headers headers = {}) {
    return request("POST", "/v1/chat/completions", body.dump(), "", std::move(headers));
  }
  // A one-message chat request to `model`.
  Reply ask(const std::string& model, const std::string& text = "hi") {
    return chat(nlohmann::json{{"model", model}, {"messages", {{{"role", "user"}, {"content", text}}}}});
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

  // Drains a streaming reply the way the HTTP server would.
  static std::string drain(Reply& r, StreamStep* last = nullptr) {
    std::string all, chunk;
    StreamStep step;
    while ((step = r.next_chunk(chunk)) == StreamStep::kChunk) all += chunk;
    all += chunk;  // the last bytes come with the end (or the abort) too
    if (r.on_stream_end) r.on_stream_end(step == StreamStep::kEnd);
    if (last) *last = step;
    return all;
  }
};

// An OpenAI chat.completion a fake provider can answer with.
inline const std::string kChatAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";

}  // namespace gw
