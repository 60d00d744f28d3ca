// Traces through the pipeline: a root span per request, a child per step,
// a grandchild per upstream attempt; W3C traceparent in and out; a stuck
// collector never holds a request up.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/gateway_harness.h"
#include "tests/support/prometheus_text.h"
#include "tests/support/stalling_http_client.h"

using nlohmann::json;

namespace gw {
namespace {

constexpr const char* kTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* kCallerSpan = "00f067aa0ba902b7";
const std::string kCallerHeader = std::string("00-") + kTrace + "-" + kCallerSpan + "-01";

Config traced_config() {
  Config c;
  c.telemetry.otlp_endpoint = "http://collector.test:4318/v1/traces";
  c.telemetry.service_name = "gw-under-test";
  return c;
}

json ask(const std::string& model) {
  return {{"model", model}, {"messages", {{{"role", "user"}, {"content", "trace me"}}}}};
}

Headers with_traceparent(const std::string& value) {
  Headers h;
  h.add("traceparent", value);
  return h;
}

// Every span the collector received, by name (attempts listed in order).
std::multimap<std::string, json> exported_spans(GatewayHarness& h) {
  h.gateway->flush();
  std::multimap<std::string, json> out;
  for (const HttpRequest& post : h.exports.requests()) {
    CHECK(post.url == "http://collector.test:4318/v1/traces");
    CHECK(post.headers.get("content-type") == "application/json");
    auto body = json::parse(post.body);
    CHECK(body["resourceSpans"][0]["resource"]["attributes"][0]["value"]["stringValue"] == "gw-under-test");
    for (const auto& s : body["resourceSpans"][0]["scopeSpans"][0]["spans"]) out.emplace(s["name"], s);
  }
  return out;
}

const std::string kAnswer = R"({"choices":[{"index":0,"message":{"role":"assistant","content":"traced"}}]})";

}  // namespace

TEST_CASE("tracing: the caller's trace continues: root under its span, steps under the root, attempts under forward") {
  GatewayHarness h(traced_config());
  h.net.respond(503, "{}");
  h.net.respond(200, kAnswer);
  REQUIRE(h.chat(ask("gpt-4o"), with_traceparent(kCallerHeader)).status == 200);
  auto spans = exported_spans(h);

  REQUIRE(spans.count("POST /v1/chat/completions") == 1);
  const json root = spans.find("POST /v1/chat/completions")->second;
  CHECK(root["traceId"] == kTrace);
  CHECK(root["parentSpanId"] == kCallerSpan);
  CHECK(root["kind"] == 2);
  for (const char* step : {"authenticate", "apply_limits", "parse", "resolve_route", "preflight", "forward", "relay"}) {
    REQUIRE_MESSAGE(spans.count(step) == 1, step);
    const json& s = spans.find(step)->second;
    CHECK(s["traceId"] == kTrace);
    CHECK(s["parentSpanId"] == root["spanId"]);
  }
  const json forward = spans.find("forward")->second;
  auto [first, last] = spans.equal_range("upstream_attempt");
  std::vector<json> attempts;
  for (auto it = first; it != last; ++it) attempts.push_back(it->second);
  REQUIRE(attempts.size() == 2);
  for (const json& a : attempts) {
    CHECK(a["parentSpanId"] == forward["spanId"]);
    CHECK(a["kind"] == 3);
  }
  // Each upstream call named its own attempt span as parent.
  auto sent = h.net.requests();
  REQUIRE(sent.size() == 2);
  std::set<std::string> attempt_ids = {attempts[0]["spanId"], attempts[1]["spanId"]};
  for (const HttpRequest& r : sent) {
    std::string tp(r.headers.get("traceparent"));
    REQUIRE(tp.size() == 55);
    CHECK(tp.substr(0, 36) == std::string("00-") + kTrace + "-");
    CHECK(attempt_ids.count(tp.substr(36, 16)) == 1);
    CHECK(tp.substr(52) == "-01");
  }
  CHECK(sent[0].headers.get("traceparent") != sent[1].headers.get("traceparent"));
}

TEST_CASE("tracing: an invalid traceparent is ignored and the request starts a new trace") {
  GatewayHarness h(traced_config());
  h.chat(ask("echo"), with_traceparent("00-zzzz-not-a-trace-01"));
  auto spans = exported_spans(h);
  REQUIRE(spans.count("POST /v1/chat/completions") == 1);
  const json root = spans.find("POST /v1/chat/completions")->second;
  CHECK(root["traceId"].get<std::string>().size() == 32);
  CHECK_FALSE(root.contains("parentSpanId"));
}

TEST_CASE("tracing: a caller that did not sample gets no spans exported, and its decision travels upstream") {
  GatewayHarness h(traced_config());
  std::string unsampled = std::string("00-") + kTrace + "-" + kCallerSpan + "-00";
  h.net.respond(200, kAnswer);
  h.chat(ask("gpt-4o"), with_traceparent(unsampled));
  CHECK(exported_spans(h).empty());
  CHECK(h.net.requests().at(0).headers.get("traceparent") == unsampled);
}

TEST_CASE("tracing off: nothing is exported and a caller's traceparent is passed upstream unchanged") {
  GatewayHarness h;
  h.net.respond(200, kAnswer);
  Headers headers = with_traceparent(kCallerHeader);
  headers.add("tracestate", "vendor=abc");
  h.chat(ask("gpt-4o"), headers);
  h.gateway->flush();
  CHECK(h.exports.requests().empty());
  auto sent = h.net.requests().at(0);
  CHECK(sent.headers.get("traceparent") == kCallerHeader);
  CHECK(sent.headers.get("tracestate") == "vendor=abc");
  h.net.respond(200, kAnswer);
  h.chat(ask("gpt-4o"));
  CHECK_FALSE(h.net.requests().at(1).headers.has("traceparent"));
}

TEST_CASE("tracing: a collector that never answers holds up no request; the overflow is dropped and counted") {
  StallingHttpClient collector;
  Config c = traced_config();
  c.telemetry.queue_spans = 16;
  c.telemetry.batch_spans = 1;
  c.telemetry.flush_interval_ms = 1;
  {
    GatewayHarness h(c, {.exporter = &collector});
    for (int i = 0; i < 20; ++i) REQUIRE(h.chat(ask("echo")).status == 200);
    collector.wait_entered(1);  // the exporter is stuck in its first post
    double dropped = sample_value(h.get("/metrics").body, R"(gw_telemetry_dropped_total{signal="spans"})");
    CHECK(dropped >= 20 * 9 - 16 - 1);  // 9 spans a request; 16 wait, 1 is stuck in the post
    collector.release();                // let shutdown finish
  }
}

}  // namespace gw
