// mock_upstream.h - the fake provider behind both `gw mock` (a standalone
// HTTP server) and the built-in `mock` provider (served in-process). Pure
// logic: it turns a request into a scripted reply; whoever serves it does the
// waiting and the writing.
//
// Routes: POST /v1/chat/completions (OpenAI), POST /v1/messages (Anthropic,
// with prompt-cache usage; and /v1/messages/count_tokens), POST /v1/responses
// (OpenAI Responses),
// POST /v1beta/models/{m}:generateContent and :streamGenerateContent (Gemini),
// GET /v1/models (OpenAI/Anthropic shape) and GET /v1beta/models (Gemini
// shape): the mock models of the catalog, scriptable like any request (a
// scripted status fails the listing); GET /health. Every model behaves the same way in every
// dialect: see mock_turn.h (echo, tool calls, thinking, usage).
//
// Behaviour, most specific first:
//   1. request headers  x-mock-status, x-mock-latency-ms, x-mock-chunk-delay-ms,
//                       x-mock-truncate-after, x-mock-no-usage, x-mock-retry-after
//   2. the script queue POST /_mock/script {"steps":[{...}, ...]}: each request
//      takes the next step (fields as MockBehavior, JSON names as below)
//   3. the defaults given at construction (gw mock's flags)
// Control routes: POST /_mock/script, POST /_mock/reset, GET /_mock/stats
// (request count, model listings served, and the last request's path,
// headers subset - auth, anthropic-version, traceparent - and body), and
// GET /_mock/requests: with record_requests(N), the last N requests whole
// (method, path with query, every header in order, body), so a test can
// compare what the provider received with what a client sent.
//
// Thread-safe: handle() may be called concurrently.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "core/http/http_types.h"
#include "core/mock/mock_prompt_cache.h"

namespace gw {

struct MockBehavior {
  int status = 200;         // "status": HTTP status to answer with
  int latency_ms = 0;       // "latency_ms": wait before the response head
  int chunk_delay_ms = 0;   // "chunk_delay_ms": wait before each stream chunk
  int truncate_after = -1;  // "truncate_after": cut the stream after N chunks (-1 = never)
  bool no_usage = false;    // "no_usage": omit usage from responses
  int retry_after_s = 0;    // "retry_after": Retry-After seconds on 429/503
};

struct MockReply {
  int status = 200;
  Headers headers;
  std::string content_type = "application/json";
  std::string body;  // non-streaming body
  bool streaming = false;
  std::vector<std::string> chunks;  // streaming body, in order
  int latency_ms = 0;
  int chunk_delay_ms = 0;
  bool truncated = false;  // chunks stop early; the connection must be cut
};

class MockUpstream {
 public:
  explicit MockUpstream(MockBehavior defaults = {});

  MockReply handle(std::string_view method, std::string_view path, const Headers& headers, std::string_view body);

  int64_t request_count() const;
  // Keep the last `n` proxied requests whole for GET /_mock/requests (0 = off,
  // the default). Call before serving.
  void record_requests(size_t n) { journal_limit_ = n; }

 private:
  MockBehavior next_behavior(const Headers& headers);
  MockReply scripted_failure(const MockBehavior& b, int dialect);
  MockReply control(std::string_view method, std::string_view path, std::string_view body);
  static MockReply model_listing(bool gemini);

  MockBehavior defaults_;
  mutable std::mutex mu_;
  std::deque<MockBehavior> script_;
  int64_t requests_ = 0;
  int64_t listings_ = 0;      // GET /v1/models and /v1beta/models answered
  std::string last_request_;  // JSON of the last proxied request
  size_t journal_limit_ = 0;
  std::deque<std::string> journal_;  // JSON of the last journal_limit_ requests, oldest first
  mock::MockPromptCache prompt_cache_;
  void record(std::string_view method, std::string_view path, const Headers& headers, std::string_view body);
};

}  // namespace gw
