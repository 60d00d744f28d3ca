// Tests for core/dialects/native_road.h: what goes upstream on the native
// road (the caller's bytes, the model swapped, dialect headers forwarded,
// credentials not), and what is read from the answer (usage with prompt-cache
// tokens, the model rewritten, a stream's end).
#include "core/dialects/native_road.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace gw {
namespace {

using nlohmann::json;

ProviderEndpoint endpoint(const char* slug) {
  ProviderEndpoint ep;
  ep.info = find_provider(slug);
  ep.base_url = "http://127.0.0.1:9/v1";
  ep.api_key = "provider-key";
  ep.enabled = true;
  return ep;
}

std::string event(const std::string& type, const json& data) {
  return "event: " + type + "\ndata: " + data.dump() + "\n\n";
}

}  // namespace

TEST_CASE("native road: which providers each dialect's road reaches") {
  CHECK(native_road(ClientFormat::kOpenAIChat) == nullptr);
  const NativeRoad* anthropic = native_road(ClientFormat::kAnthropicMessages);
  const NativeRoad* responses = native_road(ClientFormat::kOpenAIResponses);
  REQUIRE(anthropic);
  REQUIRE(responses);
  CHECK(anthropic->served_by(*find_provider("anthropic")));
  CHECK_FALSE(anthropic->served_by(*find_provider("openai")));
  CHECK(responses->served_by(*find_provider("openai")));
  CHECK_FALSE(responses->served_by(*find_provider("groq")));  // chat completions only
  CHECK_FALSE(responses->served_by(*find_provider("mock")));
}

TEST_CASE("native road: an Anthropic request goes upstream as sent, model swapped, betas forwarded, no caller key") {
  const std::string body =
      R"({"model":"sonnet","max_tokens":1024,"system":[{"type":"text","text":"s","cache_control":{"type":"ephemeral"}}],)"
      R"("messages":[{"role":"user","content":"hi"}],"brand_new_beta_field":{"a":[1,2]}})";
  Headers h;
  h.add("anthropic-version", "2023-06-01");
  h.add("Anthropic-Beta", "interleaved-thinking-2025-05-14");
  h.add("x-api-key", "caller-secret");
  h.add("authorization", "Bearer caller-secret");
  h.add("X-Stainless-Lang", "js");
  h.add("x-gw-provider", "anthropic");
  h.add("Accept-Encoding", "gzip");
  h.add("Host", "127.0.0.1:8080");
  NativeCall call{body, &h, "beta=true", 0};
  auto r = anthropic_native_road().build_request(call, "claude-sonnet-4-5", endpoint("anthropic"), true);
  REQUIRE(r);
  CHECK(r->url == "http://127.0.0.1:9/v1/messages?beta=true");
  CHECK(r->headers.get("x-api-key") == "provider-key");
  CHECK(r->headers.get("authorization").empty());
  CHECK(r->headers.get("anthropic-beta") == "interleaved-thinking-2025-05-14");
  CHECK(r->headers.get("anthropic-version") == "2023-06-01");
  CHECK(r->headers.get("accept") == "text/event-stream");
  CHECK(r->headers.get("x-stainless-lang") == "js");  // a client's own headers pass
  for (const char* dropped : {"x-gw-provider", "accept-encoding", "host"})
    CHECK_MESSAGE(!r->headers.has(dropped), dropped);
  json sent = json::parse(body), got = json::parse(r->body);
  CHECK(got["model"] == "claude-sonnet-4-5");
  sent["model"] = "claude-sonnet-4-5";
  CHECK(got == sent);
  CHECK(r->body.find("caller-secret") == std::string::npos);
}

TEST_CASE("native road: headers that pick whose account pays never reach the provider") {
  Headers h;
  h.add("OpenAI-Organization", "org-someone-else");
  h.add("OpenAI-Project", "proj_x");
  h.add("openai-beta", "responses=v1");
  h.add("Cookie", "a=b");
  NativeCall call{R"({"model":"m","input":"x"})", &h, "", 0};
  auto r = responses_native_road().build_request(call, "m", endpoint("openai"), false);
  REQUIRE(r);
  CHECK(r->headers.get("openai-beta") == "responses=v1");
  CHECK_FALSE(r->headers.has("openai-organization"));
  CHECK_FALSE(r->headers.has("openai-project"));
  CHECK_FALSE(r->headers.has("cookie"));
  CHECK(r->headers.get("authorization") == "Bearer provider-key");
}

TEST_CASE("native road: gw's provider field is removed and a capped limit is spliced, nothing else changes") {
  const std::string body = R"({"model":"gpt-5","provider":"openai","input":"hi","max_output_tokens":null})";
  Headers h;
  NativeCall call{body, &h, "", 77};
  auto r = responses_native_road().build_request(call, "gpt-5", endpoint("openai"), false);
  REQUIRE(r);
  CHECK(r->url == "http://127.0.0.1:9/v1/responses");
  CHECK(r->headers.get("authorization") == "Bearer provider-key");
  CHECK(json::parse(r->body) == json::parse(R"({"model":"gpt-5","input":"hi","max_output_tokens":77})"));
}

TEST_CASE("native road: an Anthropic request without anthropic-version gets the default one") {
  Headers h;
  NativeCall call{R"({"model":"m","max_tokens":5,"messages":[]})", &h, "", 0};
  auto r = anthropic_native_road().build_request(call, "m", endpoint("anthropic"), false);
  REQUIRE(r);
  CHECK(r->headers.get("anthropic-version") == "2023-06-01");
}

TEST_CASE("native road: reading a request it will not translate") {
  auto ok = anthropic_native_road().read_request(R"({"model":"sonnet","max_tokens":1024,"stream":true,"x":1})");
  REQUIRE(ok);
  CHECK(ok->model == "sonnet");
  CHECK(ok->stream);
  CHECK(ok->max_tokens == 1024);
  CHECK(ok->prompt_tokens_estimate > 0);
  auto limit = responses_native_road().read_request(R"({"model":"gpt-5","max_output_tokens":300})");
  REQUIRE(limit);
  CHECK(limit->max_tokens == 300);
  CHECK_FALSE(anthropic_native_road().read_request("not json"));
  CHECK(anthropic_native_road().read_request(R"({"model":"a","MODEL":"b"})").error().param == "MODEL");
  CHECK(anthropic_native_road().read_request(R"({"max_tokens":1})").error().param == "model");
  CHECK(anthropic_native_road().read_request(R"({"model":"m","stream":"yes"})").error().param == "stream");
  CHECK(responses_native_road().read_request(R"({"model":"m","max_output_tokens":0})").error().param ==
        "max_output_tokens");
}

TEST_CASE("native road: an Anthropic stream's usage comes from message_start and message_delta, caches included") {
  auto s = anthropic_native_road().stream("claude-sonnet-4-5", "anthropic/claude-sonnet-4.5");
  std::string start = event(
      "message_start", {{"type", "message_start"},
                        {"message",
                         {{"id", "msg_1"},
                          {"model", "claude-sonnet-4-5"},
                          {"content", json::array()},
                          {"usage",
                           {{"input_tokens", 100},
                            {"cache_creation_input_tokens", 50},
                            {"cache_read_input_tokens", 900},
                            {"cache_creation", {{"ephemeral_5m_input_tokens", 20}, {"ephemeral_1h_input_tokens", 30}}},
                            {"output_tokens", 1}}}}}});
  s->event(start);
  json rewritten = json::parse(start.substr(start.find("data: ") + 6));
  CHECK(rewritten["message"]["model"] == "anthropic/claude-sonnet-4.5");
  CHECK(rewritten["message"]["usage"]["cache_read_input_tokens"] == 900);  // everything else as it was
  std::string delta =
      event("content_block_delta",
            {{"type", "content_block_delta"}, {"index", 0}, {"delta", {{"type", "text_delta"}, {"text", "hello"}}}});
  const std::string delta_before = delta;
  s->event(delta);
  CHECK(delta == delta_before);
  CHECK_FALSE(s->finished());
  std::string end = event("message_delta", {{"type", "message_delta"}, {"usage", {{"output_tokens", 42}}}});
  s->event(end);
  std::string stop = event("message_stop", {{"type", "message_stop"}});
  s->event(stop);
  CHECK(s->finished());
  REQUIRE(s->usage());
  CHECK(s->usage()->prompt_tokens == 1050);  // input + writes + reads
  CHECK(s->usage()->cached_tokens == 900);
  CHECK(s->usage()->cache_write_tokens == 20);
  CHECK(s->usage()->cache_write_1h_tokens == 30);
  CHECK(s->usage()->completion_tokens == 42);
}

TEST_CASE("native road: a Responses stream ends at response.completed, whose usage and model it reads") {
  auto s = responses_native_road().stream("gpt-5", "openai/gpt-5");
  std::string created = event(
      "response.created",
      {{"type", "response.created"}, {"response", {{"id", "resp_1"}, {"model", "gpt-5"}, {"output", json::array()}}}});
  s->event(created);
  CHECK(created.find("\"model\":\"openai/gpt-5\"") != std::string::npos);
  CHECK_FALSE(s->finished());
  std::string done =
      "event: response.completed\ndata: " +
      std::string(
          R"({"type":"response.completed","response":{)"
          R"("model":"gpt-5","tools":[{"type":"function","name":"f","parameters":{"properties":{"model":"gpt-5"}}}],)"
          R"("usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":4},"output_tokens":7,)"
          R"("output_tokens_details":{"reasoning_tokens":3}}}})") +
      "\n\n";
  s->event(done);
  CHECK(s->finished());
  json j = json::parse(done.substr(done.find("data: ") + 6));
  CHECK(j["response"]["model"] == "openai/gpt-5");
  CHECK(j["response"]["tools"][0]["parameters"]["properties"]["model"] == "gpt-5");  // only the response's model
  REQUIRE(s->usage());
  CHECK(s->usage()->prompt_tokens == 10);
  CHECK(s->usage()->cached_tokens == 4);
  CHECK(s->usage()->completion_tokens == 7);
  CHECK(s->usage()->reasoning_tokens == 3);
}

TEST_CASE("native road: a whole answer's usage, and an estimate when the provider sent none") {
  auto u = anthropic_native_road().answer_usage(
      R"({"model":"m","content":[],"usage":{"input_tokens":3,"cache_read_input_tokens":5,"output_tokens":2}})", 99);
  REQUIRE(u);
  CHECK(u->prompt_tokens == 8);
  CHECK(u->cached_tokens == 5);
  CHECK_FALSE(u->estimated);
  auto none = responses_native_road().answer_usage(R"({"model":"m","output":[{"type":"message"}]})", 99);
  REQUIRE(none);
  CHECK(none->estimated);
  CHECK(none->prompt_tokens == 99);
  CHECK_FALSE(anthropic_native_road().answer_usage("<html>", 1));
}

TEST_CASE("native road: the model member is rewritten only when it holds the provider's id") {
  std::string body = R"({"id":"x","model":"native-id","content":"model"})";
  CHECK(native::rewrite_member(body, body, "model", "native-id", "org/canonical"));
  CHECK(body == R"({"id":"x","model":"org/canonical","content":"model"})");
  std::string other = R"({"model":"something-else"})";
  CHECK_FALSE(native::rewrite_member(other, other, "model", "native-id", "org/canonical"));
  CHECK(other == R"({"model":"something-else"})");
}

TEST_CASE("native road: the data line of an SSE event block") {
  auto span = native::sse_data_span("event: x\r\ndata: {\"a\":1}\r\n\r\n");
  REQUIRE(span);
  CHECK(std::string("event: x\r\ndata: {\"a\":1}\r\n\r\n").substr(span->offset, span->size) == "{\"a\":1}");
  CHECK_FALSE(native::sse_data_span("event: x\n\n"));
  CHECK_FALSE(native::sse_data_span("data: a\ndata: b\n\n"));
}

}  // namespace gw
