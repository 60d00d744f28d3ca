// OTLP/HTTP JSON encoding of spans: the shape a collector expects.
#include "core/telemetry/otlp_json.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace gw {

TEST_CASE("otlp: spans go under one resource (service.name) and one scope, ids as hex, times as strings") {
  Span root;
  root.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  root.span_id = "00f067aa0ba902b7";
  root.name = "POST /v1/chat/completions";
  root.kind = SpanKind::kServer;
  root.start_unix_ns = 1'700'000'000'000'000'000;
  root.end_unix_ns = 1'700'000'000'001'000'000;
  root.set("http.response.status_code", int64_t{502});
  root.set("gw.provider", std::string("mock"));
  root.set("gw.stream", true);
  root.error = true;
  root.status_message = "provider mock answered 502";
  Span child = root;
  child.span_id = "1111111111111111";
  child.parent_span_id = root.span_id;
  child.name = "forward";
  child.kind = SpanKind::kInternal;
  child.error = false;
  child.attributes.clear();
  std::vector<Span> spans = {child, root};

  auto j = nlohmann::json::parse(otlp_traces_json(spans, "gw-test"));
  const auto& rs = j["resourceSpans"][0];
  CHECK(rs["resource"]["attributes"][0]["key"] == "service.name");
  CHECK(rs["resource"]["attributes"][0]["value"]["stringValue"] == "gw-test");
  const auto& ss = rs["scopeSpans"][0];
  CHECK(ss["scope"]["name"] == "gw");
  REQUIRE(ss["spans"].size() == 2);
  const auto& c = ss["spans"][0];
  CHECK(c["parentSpanId"] == "00f067aa0ba902b7");
  CHECK(c["kind"] == 1);
  CHECK_FALSE(c.contains("status"));
  const auto& r = ss["spans"][1];
  CHECK_FALSE(r.contains("parentSpanId"));
  CHECK(r["traceId"] == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(r["kind"] == 2);
  CHECK(r["startTimeUnixNano"] == "1700000000000000000");
  CHECK(r["endTimeUnixNano"] == "1700000000001000000");
  CHECK(r["attributes"][0]["key"] == "http.response.status_code");
  CHECK(r["attributes"][0]["value"]["intValue"] == "502");
  CHECK(r["attributes"][1]["value"]["stringValue"] == "mock");
  CHECK(r["attributes"][2]["value"]["boolValue"] == true);
  CHECK(r["status"]["code"] == 2);
  CHECK(r["status"]["message"] == "provider mock answered 502");
}

}  // namespace gw
