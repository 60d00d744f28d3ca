// E2E: what gw serve tells the outside - /metrics (checked by promtool when
// it is installed), OTLP traces to a collector, Sentry envelopes, and the
// access log - against gw mock, with a fake collector in this process.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/e2e/support/fake_collector.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/support/prometheus_text.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

std::string scrape(const Stack& stack) {
  auto r = client(stack.serve.port()).Get("/metrics");
  REQUIRE(r);
  CHECK(r->status == 200);
  return r->body;
}

double value(const Stack& stack, const std::string& series) { return gw::sample_value(scrape(stack), series); }

bool have_promtool() { return std::system("command -v promtool >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("/metrics after traffic: counters moved by exactly the traffic sent, and promtool accepts the scrape") {
  Stack stack;
  auto c = client(stack.serve.port());
  int64_t prompt_tokens = 0, completion_tokens = 0;
  for (int i = 0; i < 3; ++i) {
    auto r = c.Post("/v1/chat/completions", chat_body("count these words " + std::to_string(i)), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    prompt_tokens += json_of(r)["usage"]["prompt_tokens"].get<int64_t>();
    completion_tokens += json_of(r)["usage"]["completion_tokens"].get<int64_t>();
  }
  for (int i = 0; i < 2; ++i) REQUIRE(c.Post("/v1/chat/completions", chat_body("stream", true), "application/json"));
  REQUIRE(c.Post("/v1/chat/completions", chat_body("x", false, "no-such-model"), "application/json")->status == 404);
  REQUIRE(c.Get("/v1/models/echo")->status == 200);
  REQUIRE(c.Get("/nowhere")->status == 404);

  const std::string echo = R"(model="mock/echo",provider="mock")";
  CHECK(value(stack, R"(http_requests_total{code="200",route="/v1/chat/completions"})") == 5);
  CHECK(value(stack, R"(http_requests_total{code="404",route="/v1/chat/completions"})") == 1);
  CHECK(value(stack, R"(http_requests_total{code="200",route="/v1/models/*"})") == 1);
  CHECK(value(stack, R"(http_requests_total{code="404",route="unmatched"})") == 1);
  CHECK(value(stack, "model_inference_requests_total{" + echo + R"(,status="200"})") == 5);
  CHECK(value(stack, "model_inference_duration_seconds_count{" + echo + "}") == 5);
  CHECK(value(stack, "time_to_first_chunk_seconds_count{" + echo + "}") == 2);
  CHECK(value(stack, "credits_used_total{" + echo + "}") == 0);  // mock/echo is free
  CHECK(value(stack, "gw_overhead_seconds_count") == 6);
  CHECK(value(stack, R"(circuit_breaker_state{provider="mock"})") == 0);
  // The two streams' usage is counted too; the three answers above say theirs.
  CHECK(value(stack, "tokens_used_total{" + echo + R"(,type="prompt"})") > static_cast<double>(prompt_tokens));
  CHECK(value(stack, "tokens_used_total{" + echo + R"(,type="completion"})") > static_cast<double>(completion_tokens));

  std::string text = scrape(stack);
  CHECK(text.find("/metrics") != std::string::npos);  // the scrape before this one was counted
  if (!have_promtool()) {
    MESSAGE("promtool not found: skipping `promtool check metrics` (Debian: apt install prometheus)");
    return;
  }
  stack.dir.write("scrape.txt", text);
  std::string cmd =
      "promtool check metrics < " + stack.dir.file("scrape.txt") + " > " + stack.dir.file("promtool.out") + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream out(stack.dir.file("promtool.out"));
  std::string report((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  CHECK_MESSAGE(rc == 0, report);
}

TEST_CASE("traces: a request's spans reach the collector and the trace continues to the upstream") {
  FakeCollector collector;
  Stack stack("[telemetry]\notlp_endpoint = \"" + collector.traces_url() + "\"\nflush_interval_ms = 50\n");
  const std::string trace = "0af7651916cd43dd8448eb211c80319c";
  const std::string caller = "b7ad6b7169203331";
  auto c = client(stack.serve.port());
  auto r = c.Post("/v1/chat/completions", {{"traceparent", "00-" + trace + "-" + caller + "-01"}}, chat_body("traced"),
                  "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  REQUIRE(eventually([&] { return collector.spans().size() >= 9; }));

  std::map<std::string, json> by_name;
  for (const auto& s : collector.spans()) by_name[s["name"]] = s;
  const json root = by_name["POST /v1/chat/completions"];
  CHECK(root["traceId"] == trace);
  CHECK(root["parentSpanId"] == caller);
  for (const char* step : {"authenticate", "apply_limits", "parse", "resolve_route", "preflight", "forward", "relay"}) {
    CHECK_MESSAGE(by_name[step]["parentSpanId"] == root["spanId"], step);
    CHECK(by_name[step]["traceId"] == trace);
  }
  const json attempt = by_name["upstream_attempt"];
  CHECK(attempt["parentSpanId"] == by_name["forward"]["spanId"]);
  // gw mock saw the trace, with gw's attempt span as the parent.
  auto stats = json_of(client(stack.mock.port()).Get("/_mock/stats"));
  CHECK(stats["last_request"]["traceparent"] == "00-" + trace + "-" + attempt["spanId"].get<std::string>() + "-01");
}

TEST_CASE("traces: a collector that takes seconds to answer does not slow requests down") {
  FakeCollector slow(3000);
  Stack stack("[telemetry]\notlp_endpoint = \"" + slow.traces_url() +
              "\"\nflush_interval_ms = 10\nbatch_spans = 9\nqueue_spans = 64\n");
  auto c = client(stack.serve.port());
  // One connection, so gw reuses one upstream connection: gw mock (8 threads)
  // is then never waiting out idle keep-alive connections from other gw threads.
  c.set_keep_alive(true);
  REQUIRE(c.Post("/v1/chat/completions", chat_body("warm up"), "application/json"));
  // Every request is answered although the collector holds each export for
  // 3 s: the spans that did not fit the queue were dropped, not waited for.
  for (int i = 0; i < 20; ++i) {
    auto r = c.Post("/v1/chat/completions", chat_body("quick " + std::to_string(i)), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
  }
  CHECK(value(stack, R"(gw_telemetry_dropped_total{signal="spans"})") > 0);
}

TEST_CASE("errors: a test report reaches the Sentry-compatible receiver, authenticated and scrubbed") {
  FakeCollector receiver;
  Stack stack("[telemetry]\nsentry_dsn = \"" + receiver.dsn() + "\"\n");
  auto r =
      client(stack.serve.port())
          .Post("/admin/telemetry/test-error", R"({"message":"probe with key gw_live_abcdef123"})", "application/json");
  REQUIRE(r);
  CHECK(json_of(r)["queued"] == true);
  REQUIRE(eventually([&] { return !receiver.envelopes().empty(); }));
  auto [auth, body] = receiver.envelopes()[0];
  CHECK(auth.find("sentry_key=testpublickey") != std::string::npos);
  CHECK(body.find("probe with key [redacted]") != std::string::npos);
  CHECK(body.find("gw_live_abcdef123") == std::string::npos);
}

TEST_CASE("limiter refusals are counted by layer") {
  Stack stack("[limits]\nip_requests_per_minute = 2\n");
  auto c = client(stack.serve.port());
  httplib::Headers bad_key = {{"Authorization", "Bearer gw_live_nobody"}};
  // Keys nobody issued count against the address: 401, 401, then the IP layer's 429.
  CHECK(c.Post("/v1/chat/completions", bad_key, chat_body("x"), "application/json")->status == 401);
  CHECK(c.Post("/v1/chat/completions", bad_key, chat_body("x"), "application/json")->status == 401);
  CHECK(c.Post("/v1/chat/completions", bad_key, chat_body("x"), "application/json")->status == 429);
  CHECK(value(stack, R"(rate_limited_requests_total{layer="ip"})") == 1);
  CHECK(value(stack, R"(rate_limited_requests_total{layer="key"})") == 0);
  CHECK(value(stack, R"(http_requests_total{code="429",route="/v1/chat/completions"})") == 1);
}

TEST_CASE("access log: one JSON line per request in the configured file") {
  TempDir logs;
  std::string path = logs.file("access.log");
  Stack stack("[log]\naccess_log = \"" + path + "\"\n");
  auto c = client(stack.serve.port());
  REQUIRE(c.Post("/v1/chat/completions", {{"x-request-id", "e2e-log-1"}}, chat_body("log me"), "application/json"));
  // A key nobody issued: refused, and the key itself never written.
  REQUIRE(
      c.Post("/v1/chat/completions", {{"Authorization", "Bearer gw_live_hidden"}}, chat_body("x"), "application/json"));
  REQUIRE(c.Post("/v1/chat/completions", chat_body("x", false, "no-such-model"), "application/json"));
  auto read = [&] {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  REQUIRE(eventually([&] {
    std::string t = read();
    return std::count(t.begin(), t.end(), '\n') >= 3;
  }));
  std::string text = read();
  CHECK(text.find("gw_live_hidden") == std::string::npos);
  CHECK(text.find("log me") == std::string::npos);
  std::istringstream in(text);
  std::string first, second, third;
  std::getline(in, first);
  std::getline(in, second);
  std::getline(in, third);
  auto a = json::parse(first), b = json::parse(second), d = json::parse(third);
  CHECK(a["client_request_id"] == "e2e-log-1");
  CHECK(a["request_id"].get<std::string>().rfind("req_", 0) == 0);
  CHECK(a["status"] == 200);
  CHECK(a["provider"] == "mock");
  CHECK(b["status"] == 401);
  CHECK(b["key_id"] == "");
  CHECK(d["status"] == 404);
  CHECK(d["level"] == "warn");
}
