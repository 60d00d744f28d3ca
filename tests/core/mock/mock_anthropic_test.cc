// Tests for the mock's Anthropic Messages dialect (core/mock/mock_anthropic.cc,
// behaviour in core/mock/mock_turn.h): echo, tool calls, tool results, thinking,
// Anthropic's exact stream event order, truncation and bad bodies; and the
// round trip anthropic_adapter() -> mock -> anthropic_adapter().
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/usage.h"
#include "core/dialects/anthropic_adapter.h"
#include "core/mock/mock_turn.h"
#include "core/mock/mock_upstream.h"

namespace gw {
namespace {

using nlohmann::json;

MockReply messages(const json& body, const Headers& headers = {}) {
  MockUpstream mock;
  return mock.handle("POST", "/v1/messages", headers, body.dump());
}

json ask(std::string text) {
  return {{"model", "echo"},
          {"max_tokens", 100},
          {"messages", json::array({{{"role", "user"}, {"content", std::move(text)}}})}};
}

json parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), text);
  return j;
}

json message_of(const MockReply& r) {
  REQUIRE(r.status == 200);
  REQUIRE_FALSE(r.streaming);
  return parsed(r.body);
}

json tools(std::initializer_list<const char*> names) {
  json out = json::array();
  for (const char* n : names) out.push_back({{"name", n}, {"input_schema", {{"type", "object"}}}});
  return out;
}

struct Event {
  std::string name;
  json data;
};

// Splits "event: X\ndata: {...}\n\n" chunks, checking the framing.
std::vector<Event> events_of(const MockReply& r) {
  std::vector<Event> out;
  for (const auto& c : r.chunks) {
    REQUIRE(c.rfind("event: ", 0) == 0);
    size_t nl = c.find('\n');
    REQUIRE(c.compare(nl + 1, 6, "data: ") == 0);
    REQUIRE(c.substr(c.size() - 2) == "\n\n");
    Event e{c.substr(7, nl - 7), parsed(c.substr(nl + 7, c.size() - nl - 9))};
    CHECK(e.data["type"] == e.name);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> names_of(const std::vector<Event>& events) {
  std::vector<std::string> names;
  for (const auto& e : events) {
    std::string n = e.name;
    if (n == "content_block_delta") n += ":" + e.data["delta"]["type"].get<std::string>();
    if (n == "content_block_start") n += ":" + e.data["content_block"]["type"].get<std::string>();
    names.push_back(n);
  }
  return names;
}

// The adapter side of the round trip.
ChatRequest canonical(const json& body) {
  auto r = parse_chat_request(body.dump());
  REQUIRE_MESSAGE(r.ok(), body.dump());
  return r.value();
}

ProviderEndpoint mock_endpoint() {
  ProviderEndpoint ep;
  ep.base_url = "http://127.0.0.1:1/v1";
  ep.api_key = "mock-key";
  return ep;
}

json openai_request(json messages, json extra = json::object()) {
  json body = {{"model", "echo"}, {"messages", std::move(messages)}};
  for (auto& [k, v] : extra.items()) body[k] = v;
  return body;
}

json user(std::string text) { return {{"role", "user"}, {"content", std::move(text)}}; }

// Canonical chunks of a whole Anthropic stream, decoded by the adapter.
std::vector<json> decoded(const MockReply& r, bool& finished) {
  auto decoder = anthropic_adapter().stream_decoder();
  std::vector<json> chunks;
  for (const auto& c : r.chunks) REQUIRE(decoder->decode(c, chunks).ok());
  finished = decoder->finished();
  return chunks;
}

}  // namespace

TEST_CASE("mock anthropic: answers with a Message echoing the last user text") {
  json body = ask("hello there");
  body["system"] = "be nice";
  json m = message_of(messages(body));
  CHECK(m["id"] == "msg_mock_1");
  CHECK(m["type"] == "message");
  CHECK(m["role"] == "assistant");
  CHECK(m["model"] == "echo");
  CHECK(m["content"] == json::array({{{"type", "text"}, {"text", "hello there"}}}));
  CHECK(m["stop_reason"] == "end_turn");
  CHECK(m["stop_sequence"].is_null());
  CHECK(m["usage"] == json{{"input_tokens", estimate_tokens("be nicehello there")},
                           {"cache_creation_input_tokens", 0},  // nothing marked for caching
                           {"cache_read_input_tokens", 0},
                           {"output_tokens", estimate_tokens("hello there")}});
}

TEST_CASE("mock anthropic: text blocks of a block content are echoed joined") {
  json body = ask("");
  body["messages"][0]["content"] = json::array({{{"type", "text"}, {"text", "Hello "}},
                                                {{"type", "image"}, {"source", {{"type", "url"}, {"url", "x"}}}},
                                                {{"type", "text"}, {"text", "there"}}});
  CHECK(message_of(messages(body))["content"][0]["text"] == "Hello there");
}

TEST_CASE("mock anthropic: offered tools are called with the user's text as input") {
  json body = ask("Paris");
  body["tools"] = tools({"get_weather", "get_time"});
  json m = message_of(messages(body));
  CHECK(m["stop_reason"] == "tool_use");
  CHECK(
      m["content"] ==
      json::array(
          {{{"type", "tool_use"}, {"id", "call_mock_1_0"}, {"name", "get_weather"}, {"input", {{"input", "Paris"}}}}}));

  body["tool_choice"] = {{"type", "tool"}, {"name", "get_time"}};
  CHECK(message_of(messages(body))["content"][0]["name"] == "get_time");
  body["tool_choice"] = {{"type", "none"}};
  CHECK(message_of(messages(body))["content"] == json::array({{{"type", "text"}, {"text", "Paris"}}}));
  body.erase("tool_choice");
  body["messages"][0]["content"] = "parallel please";
  json both = message_of(messages(body));
  REQUIRE(both["content"].size() == 2);
  CHECK(both["content"][1]["name"] == "get_time");
}

TEST_CASE("mock anthropic: a tool_result is answered with what the tool said") {
  json body = ask("Paris");
  body["tools"] = tools({"get_weather"});
  body["messages"].push_back(
      {{"role", "assistant"},
       {"content",
        json::array(
            {{{"type", "tool_use"}, {"id", "t1"}, {"name", "get_weather"}, {"input", {{"input", "Paris"}}}}})}});
  body["messages"].push_back(
      {{"role", "user"},
       {"content", json::array({{{"type", "tool_result"}, {"tool_use_id", "t1"}, {"content", "sunny"}}})}});
  CHECK(message_of(messages(body))["content"] == json::array({{{"type", "text"}, {"text", "tool said: sunny"}}}));

  body["messages"][2]["content"][0]["content"] = json::array({{{"type", "text"}, {"text", "rainy"}}});
  json m = message_of(messages(body));
  CHECK(m["content"][0]["text"] == "tool said: rainy");
  CHECK(m["stop_reason"] == "end_turn");
}

TEST_CASE("mock anthropic: enabled thinking comes first as a signed thinking block") {
  json body = ask("why?");
  body["thinking"] = {{"type", "enabled"}, {"budget_tokens", 1024}};
  json m = message_of(messages(body));
  CHECK(m["content"] ==
        json::array({{{"type", "thinking"}, {"thinking", "Thinking about: why?"}, {"signature", "mock-sig-1"}},
                     {{"type", "text"}, {"text", "why?"}}}));
}

TEST_CASE("mock anthropic: a stream follows Anthropic's exact event order") {
  json body = ask("the quick fox");
  body["stream"] = true;
  MockReply r = messages(body);
  REQUIRE(r.status == 200);
  CHECK(r.streaming);
  CHECK(r.content_type == "text/event-stream");
  auto events = events_of(r);
  CHECK(names_of(events) == std::vector<std::string>{"message_start", "ping", "content_block_start:text",
                                                     "content_block_delta:text_delta", "content_block_delta:text_delta",
                                                     "content_block_delta:text_delta", "content_block_stop",
                                                     "message_delta", "message_stop"});
  const json& start = events[0].data["message"];
  CHECK(start["id"] == "msg_mock_1");
  CHECK(start["content"] == json::array());
  CHECK(start["stop_reason"].is_null());
  CHECK(start["usage"]["input_tokens"] == estimate_tokens("the quick fox"));
  std::string text;
  for (const auto& e : events)
    if (e.name == "content_block_delta") text += e.data["delta"]["text"].get<std::string>();
  CHECK(text == "the quick fox");
  CHECK(events[7].data["delta"] == json{{"stop_reason", "end_turn"}, {"stop_sequence", nullptr}});
  CHECK(events[7].data["usage"] == json{{"output_tokens", estimate_tokens("the quick fox")}});
}

TEST_CASE("mock anthropic: a streamed thinking tool call has thinking, signature, then two input pieces") {
  json body = ask("Rome");
  body["stream"] = true;
  body["tools"] = tools({"get_weather"});
  body["thinking"] = {{"type", "enabled"}, {"budget_tokens", 1024}};
  auto events = events_of(messages(body));
  CHECK(names_of(events) ==
        std::vector<std::string>{"message_start", "ping", "content_block_start:thinking",
                                 "content_block_delta:thinking_delta", "content_block_delta:thinking_delta",
                                 "content_block_delta:thinking_delta", "content_block_delta:signature_delta",
                                 "content_block_stop", "content_block_start:tool_use",
                                 "content_block_delta:input_json_delta", "content_block_delta:input_json_delta",
                                 "content_block_stop", "message_delta", "message_stop"});
  CHECK(events[2].data["index"] == 0);
  CHECK(events[6].data["delta"]["signature"] == "mock-sig-1");
  CHECK(events[8].data["index"] == 1);
  CHECK(events[8].data["content_block"] ==
        json{{"type", "tool_use"}, {"id", "call_mock_1_0"}, {"name", "get_weather"}, {"input", json::object()}});
  std::string input = events[9].data["delta"]["partial_json"].get<std::string>() +
                      events[10].data["delta"]["partial_json"].get<std::string>();
  CHECK(json::parse(input) == json{{"input", "Rome"}});
  CHECK(events[12].data["delta"]["stop_reason"] == "tool_use");
}

TEST_CASE("mock anthropic: truncate-after cuts the stream and no-usage drops usage") {
  json body = ask("one two three four");
  body["stream"] = true;
  Headers h;
  h.add("x-mock-truncate-after", "3");
  MockReply r = messages(body, h);
  CHECK(r.truncated);
  CHECK(r.chunks.size() == 3);

  Headers no_usage;
  no_usage.add("x-mock-no-usage", "1");
  for (const auto& e : events_of(messages(body, no_usage)))
    CHECK_FALSE(e.data.dump().find("usage") != std::string::npos);
  body.erase("stream");
  CHECK_FALSE(message_of(messages(body, no_usage)).contains("usage"));
}

TEST_CASE("mock anthropic: a bad body is a 400 in Anthropic's error format") {
  MockUpstream mock;
  for (const char* body : {"not json", R"({"model":"echo"})", R"({"messages":"x"})"}) {
    MockReply r = mock.handle("POST", "/v1/messages", {}, body);
    CHECK(r.status == 400);
    json j = parsed(r.body);
    CHECK(j["type"] == "error");
    CHECK(j["error"]["type"] == "invalid_request_error");
  }
}

TEST_CASE("mock anthropic: the adapter's request round-trips through the mock to the echo, whole and streamed") {
  json body = openai_request(json::array({{{"role", "system"}, {"content", "Be brief."}}, user("echo me please")}));
  auto http = anthropic_adapter().build_request(canonical(body), "echo", mock_endpoint());
  REQUIRE(http.ok());
  mock::MockPromptCache cache;
  MockReply reply = mock::anthropic_messages(MockBehavior{}, http->body, 1, cache);
  REQUIRE(reply.status == 200);
  auto answer = anthropic_adapter().parse_response(reply.body);
  REQUIRE(answer.ok());
  CHECK((*answer)["choices"][0]["message"]["content"] == "echo me please");
  CHECK((*answer)["choices"][0]["finish_reason"] == "stop");
  CHECK((*answer)["usage"]["completion_tokens"] == estimate_tokens("echo me please"));

  body["stream"] = true;
  http = anthropic_adapter().build_request(canonical(body), "echo", mock_endpoint());
  REQUIRE(http.ok());
  reply = mock::anthropic_messages(MockBehavior{}, http->body, 2, cache);
  bool finished = false;
  std::string text;
  for (const auto& c : decoded(reply, finished))
    if (!c["choices"].empty() && c["choices"][0]["delta"].contains("content"))
      text += c["choices"][0]["delta"]["content"].get<std::string>();
  CHECK(finished);
  CHECK(text == "echo me please");
}

TEST_CASE("mock anthropic: a tool call round-trips through the adapter as canonical tool_calls") {
  json body =
      openai_request(json::array({user("Paris")}),
                     {{"tools", json::array({{{"type", "function"}, {"function", {{"name", "get_weather"}}}}})}});
  auto http = anthropic_adapter().build_request(canonical(body), "echo", mock_endpoint());
  REQUIRE(http.ok());
  mock::MockPromptCache cache;
  auto answer = anthropic_adapter().parse_response(mock::anthropic_messages(MockBehavior{}, http->body, 3, cache).body);
  REQUIRE(answer.ok());
  const json& m = (*answer)["choices"][0]["message"];
  CHECK(m["content"].is_null());
  CHECK(m["tool_calls"][0]["function"]["name"] == "get_weather");
  CHECK(json::parse(m["tool_calls"][0]["function"]["arguments"].get<std::string>()) == json{{"input", "Paris"}});
}

}  // namespace gw

namespace gw {

TEST_CASE("mock anthropic: a prompt marked for caching is written once, then read") {
  json body = {
      {"model", "echo"},
      {"max_tokens", 50},
      {"system",
       json::array({{{"type", "text"}, {"text", std::string(400, 'x')}, {"cache_control", {{"type", "ephemeral"}}}}})},
      {"messages", json::array({{{"role", "user"}, {"content", "hi"}}})}};
  MockUpstream mock;
  json first = json::parse(mock.handle("POST", "/v1/messages", {}, body.dump()).body);
  CHECK(first["usage"]["cache_creation_input_tokens"].get<int>() >= 100);
  CHECK(first["usage"]["cache_creation"]["ephemeral_5m_input_tokens"] == first["usage"]["cache_creation_input_tokens"]);
  CHECK(first["usage"]["cache_read_input_tokens"] == 0);
  json second = json::parse(mock.handle("POST", "/v1/messages", {}, body.dump()).body);
  CHECK(second["usage"]["cache_read_input_tokens"] == first["usage"]["cache_creation_input_tokens"]);
  CHECK(second["usage"]["cache_creation_input_tokens"] == 0);
  body["system"][0]["cache_control"]["ttl"] = "1h";
  body["system"][0]["text"] = std::string(400, 'y');
  json hour = json::parse(mock.handle("POST", "/v1/messages", {}, body.dump()).body);
  CHECK(hour["usage"]["cache_creation"]["ephemeral_1h_input_tokens"].get<int>() >= 100);
  body.erase("system");
  json none = json::parse(mock.handle("POST", "/v1/messages", {}, body.dump()).body);
  CHECK(none["usage"]["cache_creation_input_tokens"] == 0);
  CHECK(none["usage"]["cache_read_input_tokens"] == 0);
}

TEST_CASE("mock: with record_requests it keeps whole requests, query and every header, for /_mock/requests") {
  MockUpstream mock;
  mock.record_requests(2);
  Headers h;
  h.add("anthropic-beta", "b1");
  h.add("X-Custom", "v");
  for (int i = 0; i < 3; ++i)
    mock.handle(
        "POST", "/v1/messages?beta=true", h,
        R"({"model":"echo","max_tokens":5,"messages":[{"role":"user","content":"n)" + std::to_string(i) + R"("}]})");
  json list = json::parse(mock.handle("GET", "/_mock/requests", {}, "").body)["requests"];
  REQUIRE(list.size() == 2);  // the last two
  CHECK(list[1]["path"] == "/v1/messages?beta=true");
  CHECK(list[1]["headers"] == json::array({{"anthropic-beta", "b1"}, {"X-Custom", "v"}}));
  CHECK(json::parse(list[1]["body"].get<std::string>())["messages"][0]["content"] == "n2");
  MockUpstream quiet;
  quiet.handle("POST", "/v1/messages", h, R"({"model":"echo","max_tokens":5,"messages":[]})");
  CHECK(json::parse(quiet.handle("GET", "/_mock/requests", {}, "").body)["requests"].empty());
}

TEST_CASE("mock responses: a streamed Responses answer with reasoning, encrypted content and a function call") {
  MockUpstream mock;
  json body = {
      {"model", "gpt-5"},
      {"input", "call it"},
      {"tools", json::array({{{"type", "function"}, {"name", "shell"}, {"parameters", {{"type", "object"}}}}})},
      {"reasoning", {{"effort", "low"}}},
      {"include", json::array({"reasoning.encrypted_content"})},
      {"stream", true}};
  MockReply r = mock.handle("POST", "/v1/responses", {}, body.dump());
  REQUIRE(r.streaming);
  std::vector<std::string> types;
  json completed;
  for (const auto& chunk : r.chunks) {
    json data = json::parse(chunk.substr(chunk.find("data: ") + 6));
    types.push_back(data["type"]);
    if (data["type"] == "response.completed") completed = data["response"];
  }
  CHECK(types.front() == "response.created");
  CHECK(types.back() == "response.completed");
  REQUIRE(completed["output"].size() == 2);
  CHECK(completed["output"][0]["type"] == "reasoning");
  CHECK(completed["output"][0]["encrypted_content"].get<std::string>().rfind("mock-enc-", 0) == 0);
  CHECK(completed["output"][1]["type"] == "function_call");
  CHECK(completed["output"][1]["name"] == "shell");
  CHECK(json::parse(completed["output"][1]["arguments"].get<std::string>())["input"] == "call it");
  CHECK(completed["usage"]["output_tokens_details"]["reasoning_tokens"].get<int>() > 0);
  json whole = json::parse(mock.handle("POST", "/v1/responses", {}, R"({"model":"m","input":"plain"})").body);
  CHECK(whole["output"][0]["content"][0]["text"] == "plain");
  CHECK(whole["status"] == "completed");
}

}  // namespace gw

namespace gw {

TEST_CASE("mock anthropic: a longer conversation reads the marked prefix it shares and writes the rest") {
  json body = {
      {"model", "echo"},
      {"max_tokens", 50},
      {"system",
       json::array({{{"type", "text"}, {"text", std::string(400, 'x')}, {"cache_control", {{"type", "ephemeral"}}}}})},
      {"messages", json::array({{{"role", "user"},
                                 {"content", json::array({{{"type", "text"},
                                                           {"text", std::string(200, 'u')},
                                                           {"cache_control", {{"type", "ephemeral"}}}}})}}})}};
  MockUpstream mock;
  json first = json::parse(mock.handle("POST", "/v1/messages", {}, body.dump()).body)["usage"];
  body["messages"][0]["content"][0].erase("cache_control");
  body["messages"].push_back({{"role", "assistant"}, {"content", "ok"}});
  body["messages"].push_back({{"role", "user"},
                              {"content", json::array({{{"type", "text"},
                                                        {"text", std::string(200, 'v')},
                                                        {"cache_control", {{"type", "ephemeral"}}}}})}});
  json second = json::parse(mock.handle("POST", "/v1/messages", {}, body.dump()).body)["usage"];
  CHECK(second["cache_read_input_tokens"].get<int>() >= 100);  // the system prompt, marked before
  CHECK(second["cache_read_input_tokens"].get<int>() < first["cache_creation_input_tokens"].get<int>());
  CHECK(second["cache_creation_input_tokens"].get<int>() >= 100);  // the new turns
}

}  // namespace gw
