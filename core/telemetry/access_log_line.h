// access_log_line.h - one access-log line: a JSON object per finished
// request, with a severity from its status. Never holds an API key or an
// Authorization value; prompts and completions appear only when the caller
// copied them in (gw does so only with [log] include_bodies = true). Pure;
// thread-safe.
//
// {"ts":"2024-05-01T12:00:00.123Z","level":"info","request_id":"req_..","key_id":"",
//  "user_id":"","route":"/v1/chat/completions","model":"mock/echo","provider":"mock",
//  "status":200,"attempts":1,"stream":false,"prompt_tokens":3,"completion_tokens":2,
//  "cached_tokens":0,"reasoning_tokens":0,"tokens_estimated":false,"cost_usd":"0.00",
//  "latency_us":1234,"overhead_us":41,"cache":"","trace_id":"..."}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/money.h"
#include "core/base/usage.h"

namespace gw {

enum class LogLevel { kError, kWarn, kInfo, kDebug };  // most to least severe

std::optional<LogLevel> parse_log_level(std::string_view name);  // "error" | "warn" | "info" | "debug"
std::string_view log_level_name(LogLevel level);
// error for 5xx, warn for 4xx, info otherwise.
LogLevel level_for_status(int status);

// One upstream attempt, listed in debug lines.
struct AttemptNote {
  std::string provider;
  int status = 0;  // 0 = no answer (connection failure, timeout)
  int64_t duration_us = 0;
};

struct AccessEntry {
  int64_t unix_ms = 0;
  std::string request_id;
  std::string client_request_id;  // the caller's own x-request-id; "" = none (not written)
  std::string key_id;             // "" = no key
  std::string user_id;            // "" = local owner
  std::string route;
  std::string model;     // canonical id; "" when never resolved
  std::string provider;  // who answered; "" = nobody
  int status = 0;
  int attempts = 0;
  bool stream = false;
  Usage usage;
  Money cost;  // exact fixed point; written as a decimal string
  int64_t latency_us = 0;
  int64_t overhead_us = 0;
  std::string cache;                         // cache result; "" = not consulted
  std::string trace_id;                      // "" = not traced
  std::string error;                         // the error message returned, already scrubbed; "" = none
  std::vector<AttemptNote> attempts_detail;  // written at debug level only
  std::string request_body;                  // "" = not captured
  std::string response_body;                 // "" = not captured
};

// The line, without its trailing newline. `verbosity` debug adds the attempt
// list.
std::string access_log_line(const AccessEntry& entry, LogLevel verbosity);
// The same appended to `out` (a batch of lines built in one buffer).
void append_access_log_line(std::string& out, const AccessEntry& entry, LogLevel verbosity);

}  // namespace gw
