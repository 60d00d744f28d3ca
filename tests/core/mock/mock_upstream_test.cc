// Tests for core/mock/mock_upstream.h: the echo answers, streaming chunks, the
// script queue and header overrides that e2e tests rely on.
#include "core/mock/mock_upstream.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/usage.h"

namespace gw {
namespace {

using nlohmann::json;

MockReply chat(MockUpstream& mock, const json& body, const Headers& headers = {}) {
  return mock.handle("POST", "/v1/chat/completions", headers, body.dump());
}

json user_says(std::string text, bool stream = false, bool include_usage = false) {
  json body = {{"model", "echo"}, {"messages", json::array({{{"role", "user"}, {"content", text}}})}};
  if (stream) body["stream"] = true;
  if (include_usage) body["stream_options"] = {{"include_usage", true}};
  return body;
}

Headers header(std::string name, std::string value) {
  Headers h;
  h.add(std::move(name), std::move(value));
  return h;
}

json parsed(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), text);
  return j;
}

// The JSON of a "data: {...}\n\n" chunk.
json chunk_json(const std::string& chunk) {
  REQUIRE(chunk.rfind("data: ", 0) == 0);
  REQUIRE(chunk.size() >= 8);
  REQUIRE(chunk.substr(chunk.size() - 2) == "\n\n");
  return parsed(std::string_view(chunk).substr(6, chunk.size() - 8));
}

std::string answer(const MockReply& r) {
  REQUIRE(r.status == 200);
  REQUIRE_FALSE(r.streaming);
  return parsed(r.body)["choices"][0]["message"]["content"].get<std::string>();
}

// Concatenated delta.content of every JSON chunk.
std::string streamed_text(const MockReply& r) {
  std::string text;
  for (const auto& c : r.chunks) {
    if (c == "data: [DONE]\n\n") continue;
    json j = chunk_json(c);
    for (const auto& choice : j["choices"])
      if (choice["delta"].contains("content")) text += choice["delta"]["content"].get<std::string>();
  }
  return text;
}

bool has_usage_chunk(const MockReply& r) {
  for (const auto& c : r.chunks)
    if (c != "data: [DONE]\n\n" && chunk_json(c).contains("usage")) return true;
  return false;
}

}  // namespace

TEST_CASE("mock upstream: answers with the last user message") {
  MockUpstream mock;
  json body = {{"model", "echo"},
               {"messages", json::array({{{"role", "system"}, {"content", "be nice"}},
                                         {{"role", "user"}, {"content", "first"}},
                                         {{"role", "assistant"}, {"content", "ok"}},
                                         {{"role", "user"}, {"content", "second question"}}})}};
  MockReply r = chat(mock, body);
  CHECK(r.content_type == "application/json");
  CHECK(answer(r) == "second question");
  json j = parsed(r.body);
  CHECK(j["object"] == "chat.completion");
  CHECK(j["model"] == "echo");
  CHECK(j["choices"][0]["message"]["role"] == "assistant");
  CHECK(j["choices"][0]["finish_reason"] == "stop");
}

TEST_CASE("mock upstream: text parts of an array content are echoed joined") {
  MockUpstream mock;
  json body = {
      {"model", "echo"},
      {"messages", json::array({{{"role", "user"},
                                 {"content", json::array({{{"type", "text"}, {"text", "Hello "}},
                                                          {{"type", "image_url"}, {"image_url", {{"url", "x"}}}},
                                                          {{"type", "text"}, {"text", "there"}}})}}})}};
  CHECK(answer(chat(mock, body)) == "Hello there");
}

TEST_CASE("mock upstream: usage is reported and adds up") {
  MockUpstream mock;
  json body = {{"model", "echo"},
               {"messages", json::array({{{"role", "system"}, {"content", "12345678"}},
                                         {{"role", "user"}, {"content", "abcdefghij"}}})}};
  json j = parsed(chat(mock, body).body);
  REQUIRE(j.contains("usage"));
  const json& u = j["usage"];
  CHECK(u["prompt_tokens"] == estimate_tokens("12345678abcdefghij"));
  CHECK(u["completion_tokens"] == estimate_tokens("abcdefghij"));
  CHECK(u["total_tokens"].get<int64_t>() == u["prompt_tokens"].get<int64_t>() + u["completion_tokens"].get<int64_t>());
}

TEST_CASE("mock upstream: a streamed answer starts with the role and concatenates to the message") {
  MockUpstream mock;
  MockReply r = chat(mock, user_says("the quick brown fox", true));
  REQUIRE(r.status == 200);
  CHECK(r.streaming);
  CHECK(r.content_type == "text/event-stream");
  CHECK_FALSE(r.truncated);
  REQUIRE(r.chunks.size() >= 4);
  json first = chunk_json(r.chunks.front());
  CHECK(first["object"] == "chat.completion.chunk");
  CHECK(first["choices"][0]["delta"]["role"] == "assistant");
  CHECK(streamed_text(r) == "the quick brown fox");
  CHECK(r.chunks.size() > 4);  // more than one content chunk: it streams word by word
}

TEST_CASE("mock upstream: a stream has a stop chunk and ends with [DONE]") {
  MockUpstream mock;
  MockReply r = chat(mock, user_says("hi there", true));
  REQUIRE(!r.chunks.empty());
  CHECK(r.chunks.back() == "data: [DONE]\n\n");
  int stops = 0;
  for (size_t i = 0; i + 1 < r.chunks.size(); ++i) {
    json j = chunk_json(r.chunks[i]);
    if (!j["choices"].empty() && j["choices"][0]["finish_reason"] == "stop") ++stops;
  }
  CHECK(stops == 1);
}

TEST_CASE("mock upstream: a usage chunk is streamed only when include_usage is asked for") {
  MockUpstream mock;
  CHECK_FALSE(has_usage_chunk(chat(mock, user_says("hi there", true, false))));
  MockReply with = chat(mock, user_says("hi there", true, true));
  REQUIRE(has_usage_chunk(with));
  REQUIRE(with.chunks.size() >= 2);
  json usage_chunk = chunk_json(with.chunks[with.chunks.size() - 2]);  // just before [DONE]
  CHECK(usage_chunk["choices"].empty());
  CHECK(usage_chunk["usage"]["completion_tokens"] == estimate_tokens("hi there"));
}

TEST_CASE("mock upstream: scripted steps apply in order, then the defaults return") {
  MockUpstream mock;
  MockReply queued =
      mock.handle("POST", "/_mock/script", {}, R"({"steps":[{"status":500},{"status":429,"retry_after":7},{}]})");
  CHECK(queued.status == 200);
  CHECK(parsed(queued.body)["queued"] == 3);

  MockReply a = chat(mock, user_says("x"));
  CHECK(a.status == 500);
  CHECK(parsed(a.body)["error"]["type"] == "upstream_error");
  MockReply b = chat(mock, user_says("x"));
  CHECK(b.status == 429);
  CHECK(b.headers.get("Retry-After") == "7");
  CHECK(chat(mock, user_says("x")).status == 200);
  CHECK(chat(mock, user_says("x")).status == 200);
}

TEST_CASE("mock upstream: a new script replaces the old one") {
  MockUpstream mock;
  mock.handle("POST", "/_mock/script", {}, R"({"steps":[{"status":500},{"status":500}]})");
  mock.handle("POST", "/_mock/script", {}, R"({"steps":[{"status":502}]})");
  CHECK(chat(mock, user_says("x")).status == 502);
  CHECK(chat(mock, user_says("x")).status == 200);
}

TEST_CASE("mock upstream: defaults given at construction apply to every request") {
  MockBehavior defaults;
  defaults.status = 503;
  MockUpstream mock(defaults);
  CHECK(chat(mock, user_says("x")).status == 503);
  CHECK(chat(mock, user_says("x")).status == 503);
}

TEST_CASE("mock upstream: the x-mock-status header sets the status and an OpenAI error body") {
  MockUpstream mock;
  MockReply r = chat(mock, user_says("x"), header("x-mock-status", "503"));
  CHECK(r.status == 503);
  json j = parsed(r.body);
  CHECK(j["error"]["type"] == "service_unavailable");
  CHECK(!j["error"]["message"].get<std::string>().empty());
  CHECK_FALSE(r.headers.has("Retry-After"));
}

TEST_CASE("mock upstream: a request header beats the script") {
  MockUpstream mock;
  mock.handle("POST", "/_mock/script", {}, R"({"steps":[{"status":500}]})");
  CHECK(chat(mock, user_says("x"), header("X-Mock-Status", "200")).status == 200);
  CHECK(chat(mock, user_says("x")).status == 200);  // the step was used up
}

TEST_CASE("mock upstream: 429 with retry_after sends Retry-After") {
  MockUpstream mock;
  Headers h;
  h.add("x-mock-status", "429");
  h.add("x-mock-retry-after", "3");
  MockReply r = chat(mock, user_says("x"), h);
  CHECK(r.status == 429);
  CHECK(r.headers.get("retry-after") == "3");
  CHECK(parsed(r.body)["error"]["type"] == "rate_limit_error");
}

TEST_CASE("mock upstream: truncate_after cuts the stream and marks it truncated") {
  MockUpstream mock;
  MockReply full = chat(mock, user_says("one two three four", true));
  MockReply cut = chat(mock, user_says("one two three four", true), header("x-mock-truncate-after", "2"));
  CHECK(cut.truncated);
  REQUIRE(cut.chunks.size() == 2);
  CHECK(chunk_json(cut.chunks[0])["choices"] == chunk_json(full.chunks[0])["choices"]);
  CHECK(chunk_json(cut.chunks[1])["choices"] == chunk_json(full.chunks[1])["choices"]);
  CHECK(cut.chunks.back() != "data: [DONE]\n\n");

  mock.handle("POST", "/_mock/script", {}, R"({"steps":[{"truncate_after":0}]})");
  MockReply none = chat(mock, user_says("one two", true));
  CHECK(none.truncated);
  CHECK(none.chunks.empty());
}

TEST_CASE("mock upstream: truncate_after past the end leaves the stream whole") {
  MockUpstream mock;
  MockReply r = chat(mock, user_says("hi", true), header("x-mock-truncate-after", "1000"));
  CHECK_FALSE(r.truncated);
  CHECK(r.chunks.back() == "data: [DONE]\n\n");
}

TEST_CASE("mock upstream: no_usage omits usage everywhere") {
  MockUpstream mock;
  MockReply plain = chat(mock, user_says("hi"), header("x-mock-no-usage", "1"));
  CHECK_FALSE(parsed(plain.body).contains("usage"));
  CHECK(answer(plain) == "hi");
  MockReply streamed = chat(mock, user_says("hi", true, true), header("x-mock-no-usage", "1"));
  CHECK_FALSE(has_usage_chunk(streamed));
  CHECK(streamed.chunks.back() == "data: [DONE]\n\n");

  mock.handle("POST", "/_mock/script", {}, R"({"steps":[{"no_usage":true}]})");
  CHECK_FALSE(parsed(chat(mock, user_says("hi")).body).contains("usage"));
  CHECK(parsed(chat(mock, user_says("hi")).body).contains("usage"));
}

TEST_CASE("mock upstream: latency and chunk delay are passed to whoever serves the reply") {
  MockUpstream mock;
  Headers h;
  h.add("x-mock-latency-ms", "250");
  h.add("x-mock-chunk-delay-ms", "15");
  MockReply r = chat(mock, user_says("hi", true), h);
  CHECK(r.latency_ms == 250);
  CHECK(r.chunk_delay_ms == 15);
}

TEST_CASE("mock upstream: stats count chat requests and show the last one; reset clears them") {
  MockUpstream mock;
  Headers auth = header("Authorization", "Bearer sk-mock");
  chat(mock, user_says("one"), auth);
  json last = user_says("two");
  chat(mock, last, auth);
  mock.handle("GET", "/v1/models", {}, "");  // not a chat request
  CHECK(mock.request_count() == 2);

  MockReply stats = mock.handle("GET", "/_mock/stats", {}, "");
  CHECK(stats.status == 200);
  json s = parsed(stats.body);
  CHECK(s["requests"] == 2);
  CHECK(s["last_request"]["path"] == "/v1/chat/completions");
  CHECK(s["last_request"]["authorization"] == "Bearer sk-mock");
  CHECK(parsed(s["last_request"]["body"].get<std::string>()) == last);

  CHECK(mock.handle("POST", "/_mock/reset", {}, "").status == 200);
  CHECK(mock.request_count() == 0);
  CHECK(parsed(mock.handle("GET", "/_mock/stats", {}, "").body)["requests"] == 0);
}

TEST_CASE("mock upstream: reset also drops queued script steps") {
  MockUpstream mock;
  mock.handle("POST", "/_mock/script", {}, R"({"steps":[{"status":500}]})");
  mock.handle("POST", "/_mock/reset", {}, "");
  CHECK(chat(mock, user_says("x")).status == 200);
}

TEST_CASE("mock upstream: a chat body that is not JSON with messages is a 400") {
  MockUpstream mock;
  for (std::string body : {"not json", "[]", R"({"model":"echo"})", R"({"model":"echo","messages":"hi"})"}) {
    CAPTURE(body);
    MockReply r = mock.handle("POST", "/v1/chat/completions", {}, body);
    CHECK(r.status == 400);
    CHECK(parsed(r.body)["error"]["type"] == "invalid_request_error");
  }
}

TEST_CASE("mock upstream: oddly typed fields are ignored, never thrown") {
  MockUpstream mock;
  MockReply model =
      mock.handle("POST", "/v1/chat/completions", {}, R"({"model":5,"messages":[{"role":"user","content":"x"}]})");
  CHECK(model.status == 200);
  CHECK(parsed(model.body)["model"] == "echo");
  MockReply stream = mock.handle("POST", "/v1/chat/completions", {},
                                 R"({"model":"echo","stream":"yes","messages":[{"role":"user","content":"x"}]})");
  CHECK(stream.status == 200);
  CHECK_FALSE(stream.streaming);
  MockReply messages = mock.handle("POST", "/v1/chat/completions", {},
                                   R"({"model":"echo","messages":["x",{"role":"user","content":"hi"}]})");
  CHECK(answer(messages) == "hi");
}

TEST_CASE("mock upstream: a bad script body is a 400 and queues nothing") {
  MockUpstream mock;
  for (std::string body : {"nope", "{}", R"({"steps":5})", R"({"steps":[{"status":500},{"status":"500"}]})"}) {
    CAPTURE(body);
    CHECK(mock.handle("POST", "/_mock/script", {}, body).status == 400);
  }
  CHECK(chat(mock, user_says("x")).status == 200);
}

TEST_CASE("mock upstream: health, model list and unknown routes") {
  MockUpstream mock;
  CHECK(parsed(mock.handle("GET", "/health", {}, "").body)["status"] == "ok");
  json models = parsed(mock.handle("GET", "/v1/models", {}, "").body);
  CHECK(models["data"][0]["id"] == "echo");
  CHECK(mock.handle("GET", "/nope", {}, "").status == 404);
  CHECK(mock.handle("GET", "/_mock/nope", {}, "").status == 404);
}

}  // namespace gw
