// exchange.h - one recorded provider exchange (a "cassette" file) and its
// text form: pretty-printed JSON, members in a fixed order, so a cassette
// directory is stable under re-recording and reads well in a diff.
//
//   {"gw_cassette": 1, "provider": "mock", "model": "mock/echo", "ordinal": 0,
//    "key": "<sha256 of the canonical request>", "recorded_at": <Unix seconds>,
//    "request":  {"method", "path", "headers", "body" | "body_text" | "body_sha256"},
//    "response": {"status", "headers", "body" | "body_text" | "body_base64"
//                 | "frames": [{"t_ms", "data"}], "error": {"kind", "message"}},
//    "usage": {...}}            (a copy of the answer's usage, for reading)
//
// A whole JSON answer is written as JSON only when that writes back the
// exact bytes; otherwise as text (or base64 when not UTF-8), so replay
// always gives the client the recorded bytes. A transport failure (no
// answer) is status 0 with an `error`; a stream that failed midway keeps its
// frames and the `error`. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace gw {

struct Frame {
  int64_t t_ms = 0;  // since the response head arrived
  std::string data;  // the bytes as they came (one or more SSE events)
};

struct Exchange {
  std::string provider;     // slug: "mock", "openai"
  std::string model;        // the upstream body's "model" ("" when none, e.g. Gemini's is in the path)
  int ordinal = 0;          // 0 for the first request with this key, 1 for the next identical one, ...
  std::string key;          // request_key() hash
  int64_t recorded_at = 0;  // Unix seconds when the answer's head arrived (0: not known)
  // The request, secrets removed.
  std::string method;
  std::string path;                                                  // without host or query
  std::vector<std::pair<std::string, std::string>> request_headers;  // only those that change an answer
  std::string request_body;                                          // scrubbed; JSON text when it is JSON
  // The response.
  int status = 0;  // 0: no answer (see error_kind)
  std::vector<std::pair<std::string, std::string>> response_headers;
  bool streamed = false;
  std::string body;           // whole answer (not streamed)
  std::vector<Frame> frames;  // streamed answer
  std::string error_kind;     // "" = none; an error table name ("unavailable", "upstream_timeout")
  std::string error_message;

  std::string file_name() const;  // "mock_chat-completions_mock-echo_1a2b3c4d5e6f_0.json"
};

// The id a translated answer minted from recording `key` (a request key's
// hash) and `ordinal` carries, in request-id form: "req_" + the key's first
// 16 hex digits + the ordinal as 8 hex digits. The same on every run, so a
// recording and each replay of it give a client the same bytes.
std::string recorded_answer_id(std::string_view key, int ordinal);

// The cassette text of `e` (ends in a newline).
std::string exchange_to_text(const Exchange& e);
// Reads a cassette; kInvalidRequest naming what is wrong.
Result<Exchange> exchange_from_text(std::string_view text);

}  // namespace gw
