// gateway_harness.h - an in-process Gateway for pipeline tests: FakeClock,
// FakeHttpClient for providers (OpenAI and OpenRouter have keys, so
// openai/gpt-4o has two candidates, in that order) and another for
// telemetry exports (OTLP, Sentry), predictable ids, and optionally the
// access log captured in memory. No sockets, no sleeps. Tests only.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "proxy/gateway.h"
#include "tests/support/captured_log.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/fake_random.h"

namespace gw {

struct HarnessOptions {
  bool capture_access_log = false;  // access_log captures the access log
  HttpClient* exporter = nullptr;   // replaces `exports` (e.g. a collector that stalls)
  HttpClient* network = nullptr;    // replaces `net` (e.g. a client that throws)
};

struct GatewayHarness {
  FakeClock clock;
  FakeHttpClient net;      // provider calls
  FakeHttpClient exports;  // OTLP and Sentry posts
  CountingRandom random;
  CapturedLog* access_log = nullptr;  // owned by the gateway; null unless captured
  std::unique_ptr<Gateway> gateway;

  explicit GatewayHarness(Config config = {}, HarnessOptions options = {}) {
    GatewayOptions o;
    o.config = std::move(config);
    o.clock = &clock;
    o.network = options.network ? options.network : &net;
    o.telemetry_network = options.exporter ? options.exporter : &exports;
    o.random = &random;
    if (options.capture_access_log) {
      auto log = std::make_unique<CapturedLog>();
      access_log = log.get();
      o.access_log = std::move(log);
    }
    static const std::map<std::string, std::string> kEnv = {{"OPENAI_API_KEY", "sk-test-openai"},
                                                           {"OPENROUTER_API_KEY", "sk-test-or"}};
    o.getenv = [](const char* name) -> const char* {
      auto it = kEnv.find(name);
      return it == kEnv.end() ? nullptr : it->second.c_str();
    };
    gateway = std::move(Gateway::create(std::move(o))).value();
  }

  Reply chat(nlohmann::json body, Headers headers = {}) {
    InboundRequest in;
    in.method = "POST";
    in.path = "/v1/chat/completions";
    in.headers = std::move(headers);
    in.body = body.dump();
    return gateway->handle(in);
  }

  Reply get(std::string path) {
    InboundRequest in;
    in.method = "GET";
    in.path = std::move(path);
    in.remote_addr = "127.0.0.1";
    return gateway->handle(in);
  }

  // Drains a streaming reply the way the HTTP server would.
  static std::string drain(Reply& r, StreamStep* last = nullptr) {
    std::string all, chunk;
    StreamStep step;
    while ((step = r.next_chunk(chunk)) == StreamStep::kChunk) all += chunk;
    if (r.on_stream_end) r.on_stream_end(step == StreamStep::kEnd);
    if (last) *last = step;
    return all;
  }
};

}  // namespace gw
