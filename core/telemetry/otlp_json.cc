// otlp_json.cc - OTLP/HTTP JSON encoding of spans (see otlp_json.h),
// written directly with JsonWriter: a batch of hundreds of spans is encoded
// on the exporter thread without building a JSON tree.
#include "core/telemetry/otlp_json.h"

#include "core/json/json_writer.h"

namespace gw {
namespace {

void any_value(JsonWriter& j, const SpanValue& v) {
  j.begin_object();
  if (const auto* s = std::get_if<std::string>(&v)) j.field("stringValue", *s);
  else if (const auto* i = std::get_if<int64_t>(&v)) j.field("intValue", std::to_string(*i));
  else j.field("boolValue", std::get<bool>(v));
  j.end_object();
}

void attribute(JsonWriter& j, std::string_view key, const SpanValue& value) {
  j.begin_object().field("key", key).key("value");
  any_value(j, value);
  j.end_object();
}

void span_json(JsonWriter& j, const Span& s) {
  j.begin_object()
      .field("traceId", s.trace_id)
      .field("spanId", s.span_id)
      .field("name", s.name)
      .field("kind", static_cast<int>(s.kind))
      .field("startTimeUnixNano", std::to_string(s.start_unix_ns))
      .field("endTimeUnixNano", std::to_string(s.end_unix_ns));
  if (!s.parent_span_id.empty()) j.field("parentSpanId", s.parent_span_id);
  j.key("attributes").begin_array();
  for (const auto& [k, v] : s.attributes) attribute(j, k, v);
  j.end_array();
  if (s.error)
    j.key("status").begin_object().field("code", 2).field("message", s.status_message).end_object();  // ERROR
  j.end_object();
}

}  // namespace

std::string otlp_traces_json(std::span<const Span> spans, std::string_view service_name) {
  std::string out;
  out.reserve(256 + spans.size() * 600);
  JsonWriter j(out);
  j.begin_object().key("resourceSpans").begin_array().begin_object();
  j.key("resource").begin_object().key("attributes").begin_array();
  attribute(j, "service.name", std::string(service_name));
  j.end_array().end_object();
  j.key("scopeSpans").begin_array().begin_object();
  j.key("scope").begin_object().field("name", "gw").field("version", GW_VERSION).end_object();
  j.key("spans").begin_array();
  for (const Span& s : spans) span_json(j, s);
  j.end_array().end_object().end_array();
  j.end_object().end_array().end_object();
  return out;
}

}  // namespace gw
