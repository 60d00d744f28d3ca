// access_log_line.cc - renders access-log lines (see access_log_line.h).
#include "core/telemetry/access_log_line.h"

#include <cstdio>

#include "core/base/calendar.h"
#include "core/json/json_writer.h"

namespace gw {
namespace {

constexpr std::string_view kLevelNames[] = {"error", "warn", "info", "debug"};

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (size_t i = 0; i < std::size(kLevelNames); ++i)
    if (kLevelNames[i] == name) return static_cast<LogLevel>(i);
  return std::nullopt;
}

std::string_view log_level_name(LogLevel level) { return kLevelNames[static_cast<size_t>(level)]; }

LogLevel level_for_status(int status) {
  if (status >= 500) return LogLevel::kError;
  if (status >= 400) return LogLevel::kWarn;
  return LogLevel::kInfo;
}

std::string access_log_line(const AccessEntry& e, LogLevel verbosity) {
  std::string out;
  append_access_log_line(out, e, verbosity);
  return out;
}

void append_access_log_line(std::string& out, const AccessEntry& e, LogLevel verbosity) {
  out.reserve(out.size() + 512 + e.request_body.size() + e.response_body.size());
  JsonWriter j(out);
  j.begin_object()
      .field("ts", utc_timestamp_ms(e.unix_ms))
      .field("level", log_level_name(level_for_status(e.status)))
      .field("request_id", e.request_id);
  if (!e.client_request_id.empty()) j.field("client_request_id", e.client_request_id);
  j.field("key_id", e.key_id)
      .field("user_id", e.user_id)
      .field("route", e.route)
      .field("model", e.model)
      .field("provider", e.provider)
      .field("status", e.status)
      .field("attempts", e.attempts)
      .field("stream", e.stream)
      .field("prompt_tokens", e.usage.prompt_tokens)
      .field("completion_tokens", e.usage.completion_tokens)
      .field("cached_tokens", e.usage.cached_tokens)
      .field("reasoning_tokens", e.usage.reasoning_tokens)
      .field("tokens_estimated", e.usage.estimated)
      .field("cost_usd", e.cost.to_string())
      .field("latency_us", e.latency_us)
      .field("overhead_us", e.overhead_us)
      .field("cache", e.cache)
      .field("trace_id", e.trace_id);
  if (!e.error.empty()) j.field("error", e.error);
  if (verbosity == LogLevel::kDebug) {
    j.key("upstreams").begin_array();
    for (const AttemptNote& a : e.attempts_detail)
      j.begin_object()
          .field("provider", a.provider)
          .field("status", a.status)
          .field("duration_us", a.duration_us)
          .end_object();
    j.end_array();
  }
  if (!e.request_body.empty()) j.field("request_body", e.request_body);
  if (!e.response_body.empty()) j.field("response_body", e.response_body);
  j.end_object();
}

}  // namespace gw
