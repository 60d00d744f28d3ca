// Tests for the mock's Gemini dialect (core/mock/mock_gemini.cc, served by
// MockUpstream on /v1beta/models/{m}:generateContent): the same echo, tool
// and thinking behaviour as the other dialects, in Gemini's wire format, and
// a round trip through gw's own Gemini adapter.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/dialects/gemini_adapter.h"
#include "core/http/sse.h"
#include "core/mock/mock_upstream.h"

namespace gw {
namespace {

using nlohmann::json;

MockReply generate(MockUpstream& mock, const json& body, bool stream = false, const Headers& headers = {}) {
  std::string path =
      std::string("/v1beta/models/gemini-test:") + (stream ? "streamGenerateContent" : "generateContent");
  return mock.handle("POST", path, headers, body.dump());
}

json says(std::string text) {
  return {{"contents", json::array({{{"role", "user"}, {"parts", json::array({{{"text", std::move(text)}}})}}})}};
}

json parsed(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), text);
  return j;
}

json parts_of(const MockReply& r) {
  REQUIRE(r.status == 200);
  REQUIRE_FALSE(r.streaming);
  return parsed(r.body)["candidates"][0]["content"]["parts"];
}

json weather_tools() {
  return json::array({{{"functionDeclarations", json::array({{{"name", "get_weather"}}, {{"name", "get_time"}}})}}});
}

// The JSON of each `data: {...}\n\n` event.
std::vector<json> events_of(const MockReply& r) {
  std::vector<json> out;
  for (const auto& c : r.chunks) {
    REQUIRE(c.rfind("data: ", 0) == 0);
    REQUIRE(c.substr(c.size() - 2) == "\n\n");
    out.push_back(parsed(std::string_view(c).substr(6, c.size() - 8)));
  }
  return out;
}

TEST_CASE("mock gemini: echoes the last user text with usage and the model version") {
  MockUpstream mock;
  MockReply r = generate(mock, says("hello gemini"));
  json body = parsed(r.body);
  CHECK(parts_of(r) == json::array({{{"text", "hello gemini"}}}));
  CHECK(body["candidates"][0]["finishReason"] == "STOP");
  CHECK(body["candidates"][0]["content"]["role"] == "model");
  CHECK(body["modelVersion"] == "gemini-test");
  CHECK(body["usageMetadata"]["promptTokenCount"] == 3);
  CHECK(body["usageMetadata"]["candidatesTokenCount"] == 3);
  CHECK(body["usageMetadata"]["totalTokenCount"] == 6);
}

TEST_CASE("mock gemini: no usageMetadata when told so") {
  MockUpstream mock;
  Headers h;
  h.add("x-mock-no-usage", "1");
  CHECK_FALSE(parsed(generate(mock, says("hi"), false, h).body).contains("usageMetadata"));
}

TEST_CASE("mock gemini: offered tools are called, forced ones first, none disables them") {
  MockUpstream mock;
  json req = says("weather in Paris");
  req["tools"] = weather_tools();
  json parts = parts_of(generate(mock, req));
  REQUIRE(parts.size() == 1);
  CHECK(parts[0]["functionCall"]["name"] == "get_weather");
  CHECK(parts[0]["functionCall"]["args"] == json{{"input", "weather in Paris"}});
  req["toolConfig"] = {{"functionCallingConfig", {{"mode", "ANY"}, {"allowedFunctionNames", {"get_time"}}}}};
  CHECK(parts_of(generate(mock, req))[0]["functionCall"]["name"] == "get_time");
  req["toolConfig"] = {{"functionCallingConfig", {{"mode", "NONE"}}}};
  CHECK(parts_of(generate(mock, req)) == json::array({{{"text", "weather in Paris"}}}));
}

TEST_CASE("mock gemini: a functionResponse is answered as the tool result") {
  MockUpstream mock;
  json req = says("weather?");
  req["tools"] = weather_tools();
  req["contents"].push_back(
      {{"role", "model"}, {"parts", {{{"functionCall", {{"name", "get_weather"}, {"args", json::object()}}}}}}});
  req["contents"].push_back(
      {{"role", "user"},
       {"parts", {{{"functionResponse", {{"name", "get_weather"}, {"response", {{"content", "sunny"}}}}}}}}});
  CHECK(parts_of(generate(mock, req)) == json::array({{{"text", "tool said: sunny"}}}));
  req["contents"].back()["parts"][0]["functionResponse"]["response"] = {{"temp_c", 21}};
  CHECK(parts_of(generate(mock, req)) == json::array({{{"text", "tool said: {\"temp_c\":21}"}}}));
}

TEST_CASE("mock gemini: includeThoughts puts a thought part first and signs the answer") {
  MockUpstream mock;
  json req = says("think");
  req["generationConfig"] = {{"thinkingConfig", {{"includeThoughts", true}, {"thinkingBudget", 1024}}}};
  json parts = parts_of(generate(mock, req));
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == json{{"text", "Thinking about: think"}, {"thought", true}});
  CHECK(parts[1] == json{{"text", "think"}, {"thoughtSignature", "mock-sig-1"}});
  CHECK(parsed(generate(mock, req).body)["usageMetadata"]["thoughtsTokenCount"].get<int>() > 0);
}

TEST_CASE("mock gemini: streams SSE events word by word with finishReason and usage on the last") {
  MockUpstream mock;
  MockReply r = generate(mock, says("one two three"), true);
  REQUIRE(r.status == 200);
  CHECK(r.streaming);
  CHECK(r.content_type == "text/event-stream");
  std::vector<json> events = events_of(r);
  REQUIRE(events.size() == 3);
  std::string text;
  for (const auto& e : events) text += e["candidates"][0]["content"]["parts"][0]["text"].get<std::string>();
  CHECK(text == "one two three");
  CHECK_FALSE(events[0]["candidates"][0].contains("finishReason"));
  CHECK_FALSE(events[0].contains("usageMetadata"));
  CHECK(events[2]["candidates"][0]["finishReason"] == "STOP");
  CHECK(events[2]["usageMetadata"]["totalTokenCount"].get<int>() > 0);
}

TEST_CASE("mock gemini: a streamed function call arrives whole") {
  MockUpstream mock;
  json req = says("use both in parallel");
  req["tools"] = weather_tools();
  std::vector<json> events = events_of(generate(mock, req, true));
  REQUIRE(events.size() == 2);
  CHECK(events[0]["candidates"][0]["content"]["parts"][0]["functionCall"]["name"] == "get_weather");
  CHECK(events[1]["candidates"][0]["content"]["parts"][0]["functionCall"]["name"] == "get_time");
  CHECK(events[1]["candidates"][0]["finishReason"] == "STOP");
}

TEST_CASE("mock gemini: truncate_after cuts the stream") {
  MockUpstream mock;
  Headers h;
  h.add("x-mock-truncate-after", "1");
  MockReply r = generate(mock, says("one two three"), true, h);
  CHECK(r.truncated);
  CHECK(r.chunks.size() == 1);
}

TEST_CASE("mock gemini: a bad body is a 400 INVALID_ARGUMENT") {
  MockUpstream mock;
  for (std::string body : {"not json", "[1]", "{}", R"({"contents": []})"}) {
    MockReply r = mock.handle("POST", "/v1beta/models/m:generateContent", {}, body);
    CHECK(r.status == 400);
    json err = parsed(r.body)["error"];
    CHECK(err["code"] == 400);
    CHECK(err["status"] == "INVALID_ARGUMENT");
    CHECK_FALSE(err["message"].get<std::string>().empty());
  }
}

// ---- round trip: canonical -> gemini_adapter -> mock -> canonical --------------

ProviderEndpoint google_endpoint() {
  ProviderEndpoint ep;
  ep.info = find_provider("google");
  ep.base_url = "http://127.0.0.1:1/v1beta";
  ep.api_key = "k";
  return ep;
}

MockReply through_mock(MockUpstream& mock, const HttpRequest& request) {
  std::string path = request.url.substr(request.url.find("/v1beta/"));
  path = path.substr(0, path.find('?'));
  return mock.handle("POST", path, request.headers, request.body);
}

TEST_CASE("gemini round trip: the adapter's request to the mock comes back as the echo") {
  MockUpstream mock;
  json body = {{"model", "g"},
               {"messages", json::array({{{"role", "system"}, {"content", "be nice"}},
                                         {{"role", "user"}, {"content", "round trip"}}})}};
  Result<ChatRequest> request = parse_chat_request(body.dump());
  REQUIRE(request.ok());
  Result<HttpRequest> http = gemini_adapter().build_request(request.value(), "gemini-test", google_endpoint());
  REQUIRE(http.ok());
  MockReply reply = through_mock(mock, http.value());
  REQUIRE(reply.status == 200);
  Result<json> out = gemini_adapter().parse_response(reply.body);
  REQUIRE_MESSAGE(out.ok(), out.error().message);
  CHECK(out.value()["choices"][0]["message"]["content"] == "round trip");
  CHECK(out.value()["choices"][0]["finish_reason"] == "stop");
  CHECK(out.value()["model"] == "gemini-test");
  CHECK(out.value()["usage"]["prompt_tokens"].get<int>() > 0);
}

TEST_CASE("gemini round trip: streamed tool call and tool result") {
  MockUpstream mock;
  json body = R"({"model": "g", "stream": true, "reasoning_effort": "low",
    "messages": [{"role": "user", "content": "weather please"}],
    "tools": [{"type": "function", "function": {"name": "get_weather",
               "parameters": {"type": "object", "properties": {"input": {"type": "string"}}}}}]})"_json;
  Result<HttpRequest> http =
      gemini_adapter().build_request(parse_chat_request(body.dump()).value(), "gemini-test", google_endpoint());
  REQUIRE(http.ok());
  MockReply reply = through_mock(mock, http.value());
  REQUIRE(reply.streaming);
  SseSplitter splitter;
  std::vector<std::string> events;
  for (const auto& c : reply.chunks) splitter.feed(c, events);
  auto decoder = gemini_adapter().stream_decoder();
  std::vector<json> chunks;
  for (const auto& e : events) REQUIRE(decoder->decode(e, chunks).ok());
  CHECK(decoder->finished());
  std::string reasoning, signature;
  json call;
  for (const auto& c : chunks) {
    if (c["choices"].empty()) continue;
    const json& d = c["choices"][0]["delta"];
    if (d.contains("reasoning_content")) reasoning += d["reasoning_content"].get<std::string>();
    if (d.contains("thinking_signature")) signature = d["thinking_signature"];
    if (d.contains("tool_calls")) call = d["tool_calls"][0];
  }
  CHECK(reasoning == "Thinking about: weather please");
  CHECK(signature == "mock-sig-1");
  CHECK(call["id"] == "call_mock_1_0");
  CHECK(call["function"]["name"] == "get_weather");
  CHECK(call["function"]["arguments"] == R"({"input":"weather please"})");
  CHECK(chunks.back()["usage"]["completion_tokens_details"]["reasoning_tokens"].get<int>() > 0);

  // The client answers the call; the mock sees the named functionResponse.
  body["stream"] = false;
  body["messages"].push_back(
      {{"role", "assistant"},
       {"content", nullptr},
       {"thinking_blocks", {{{"type", "thinking"}, {"thinking", reasoning}, {"signature", signature}}}},
       {"tool_calls", {{{"id", call["id"]}, {"type", "function"}, {"function", call["function"]}}}}});
  body["messages"].push_back({{"role", "tool"}, {"tool_call_id", call["id"]}, {"content", "sunny"}});
  http = gemini_adapter().build_request(parse_chat_request(body.dump()).value(), "gemini-test", google_endpoint());
  REQUIRE(http.ok());
  Result<json> out = gemini_adapter().parse_response(through_mock(mock, http.value()).body);
  REQUIRE(out.ok());
  CHECK(out.value()["choices"][0]["message"]["content"] == "tool said: sunny");
}

}  // namespace
}  // namespace gw
