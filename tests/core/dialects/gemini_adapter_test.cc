// Tests for core/dialects/gemini_adapter.h: canonical requests become the Gemini
// bodies, URLs and headers Google documents; Gemini's answers (whole and
// streamed) come back as canonical chat completions and chunks.
#include "core/dialects/gemini_adapter.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/dialects/openai_usage.h"
#include "core/http/sse.h"

namespace gw {
namespace {

using nlohmann::json;

ProviderEndpoint google() {
  ProviderEndpoint ep;
  ep.info = find_provider("google");
  REQUIRE(ep.info != nullptr);
  ep.base_url = ep.info->base_url;
  ep.api_key = "test-key";
  ep.enabled = true;
  return ep;
}

ChatRequest canonical(const json& body) {
  Result<ChatRequest> r = parse_chat_request(body.dump());
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  return r.value();
}

json with_messages(json messages, json extra = json::object()) {
  json body = {{"model", "gemini-2.5-flash"}, {"messages", std::move(messages)}};
  body.update(extra);
  return body;
}

HttpRequest build_ok(const json& body, std::string_view model = "gemini-2.5-flash") {
  Result<HttpRequest> r = gemini_adapter().build_request(canonical(body), model, google());
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  return r.value();
}

json gemini_body(const json& body) { return json::parse(build_ok(body).body); }

// The `param` of the kInvalidRequest error a request is refused with.
std::string refused_param(const json& body) {
  Result<HttpRequest> r = gemini_adapter().build_request(canonical(body), "gemini-2.5-flash", google());
  REQUIRE_MESSAGE(!r.ok(), body.dump());
  CHECK(r.error().kind == ErrorKind::kInvalidRequest);
  return r.error().param;
}

json parse_ok(const json& response) {
  Result<json> r = gemini_adapter().parse_response(response.dump());
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  return r.value();
}

json user(std::string text) { return {{"role", "user"}, {"content", std::move(text)}}; }

TEST_CASE("gemini request: system and developer go to systemInstruction, turns become user/model") {
  json body = with_messages(json::array({{{"role", "system"}, {"content", "Be brief."}},
                                         user("Hi"),
                                         {{"role", "assistant"}, {"content", "Hello!"}},
                                         {{"role", "developer"}, {"content", "Answer in French."}},
                                         user("How are you?")}));
  json expected = R"({
    "contents": [
      {"role": "user", "parts": [{"text": "Hi"}]},
      {"role": "model", "parts": [{"text": "Hello!"}]},
      {"role": "user", "parts": [{"text": "How are you?"}]}],
    "systemInstruction": {"parts": [{"text": "Be brief."}, {"text": "Answer in French."}]}})"_json;
  CHECK(gemini_body(body) == expected);
}

TEST_CASE("gemini request: consecutive user messages merge into one turn, tool results stay apart") {
  json call = R"([{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}])"_json;
  json messages = json::array({user("one"),
                               user("two"),
                               {{"role", "assistant"}, {"tool_calls", call}},
                               {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "done"}},
                               user("three")});
  json contents = gemini_body(with_messages(messages))["contents"];
  REQUIRE(contents.size() == 4);
  CHECK(contents[0] == R"({"role": "user", "parts": [{"text": "one"}, {"text": "two"}]})"_json);
  CHECK(contents[2]["parts"][0]["functionResponse"]["name"] == "f");
  CHECK(contents[3] == R"({"role": "user", "parts": [{"text": "three"}]})"_json);
}

TEST_CASE("gemini request: URL, auth header and alt=sse for streams") {
  HttpRequest plain = build_ok(with_messages(json::array({user("Hi")})));
  CHECK(plain.method == "POST");
  CHECK(plain.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
  CHECK(plain.headers.get("x-goog-api-key") == "test-key");
  CHECK(plain.headers.get("content-type") == "application/json");
  CHECK_FALSE(plain.headers.has("authorization"));
  HttpRequest streamed = build_ok(with_messages(json::array({user("Hi")}), {{"stream", true}}));
  CHECK(streamed.url ==
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  CHECK(json::parse(streamed.body).contains("contents"));
}

TEST_CASE("gemini request: images become inlineData and fileData parts") {
  json content = json::array({{{"type", "text"}, {"text", "Compare these"}},
                              {{"type", "image_url"}, {"image_url", {{"url", "data:image/png;base64,iVBORw0KGgo="}}}},
                              {{"type", "image_url"}, {"image_url", {{"url", "https://example.com/cat.webp?size=2"}}}},
                              {{"type", "image_url"}, {"image_url", {{"url", "https://example.com/photo"}}}}});
  json parts =
      gemini_body(with_messages(json::array({{{"role", "user"}, {"content", content}}})))["contents"][0]["parts"];
  json expected = R"([
    {"text": "Compare these"},
    {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
    {"fileData": {"mimeType": "image/webp", "fileUri": "https://example.com/cat.webp?size=2"}},
    {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/photo"}}])"_json;
  CHECK(parts == expected);
}

TEST_CASE("gemini request: tools, tool_choice, tool calls and named tool results") {
  json tools = R"([{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
      "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                     "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"}}},
    {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}}}])"_json;
  json messages = json::array({user("Weather and time in Paris?"),
                               {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", R"([
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
            {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": ""}}])"_json}},
                               {{"role", "tool"}, {"tool_call_id", "call_1"}, {"content", R"({"temp_c": 21})"}},
                               {{"role", "tool"}, {"tool_call_id", "call_2"}, {"content", "10:42"}}});
  json choice = {{"type", "function"}, {"function", {{"name", "get_weather"}}}};
  json body = gemini_body(with_messages(messages, {{"tools", tools}, {"tool_choice", choice}}));
  json expected_tools = R"([{"functionDeclarations": [
      {"name": "get_weather", "description": "Weather for a city",
       "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
      {"name": "get_time"}]}])"_json;
  CHECK(body["tools"] == expected_tools);
  CHECK(body["toolConfig"] ==
        R"({"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}})"_json);
  json expected_contents = R"([
    {"role": "user", "parts": [{"text": "Weather and time in Paris?"}]},
    {"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}},
                                {"functionCall": {"name": "get_time", "args": {}}}]},
    {"role": "user", "parts": [
      {"functionResponse": {"name": "get_weather", "response": {"content": {"temp_c": 21}}}},
      {"functionResponse": {"name": "get_time", "response": {"content": "10:42"}}}]}])"_json;
  CHECK(body["contents"] == expected_contents);
}

TEST_CASE("gemini request: tool_choice auto, none and required map to modes") {
  json tools = R"([{"type": "function", "function": {"name": "f"}}])"_json;
  for (auto [choice, mode] : {std::pair{"auto", "AUTO"}, {"none", "NONE"}, {"required", "ANY"}}) {
    json body = gemini_body(with_messages(json::array({user("x")}), {{"tools", tools}, {"tool_choice", choice}}));
    CHECK(body["toolConfig"]["functionCallingConfig"] == json{{"mode", mode}});
  }
}

TEST_CASE("gemini request: sampling options go to generationConfig") {
  json body = gemini_body(with_messages(json::array({user("x")}), {{"temperature", 0.5},
                                                                   {"top_p", 0.9},
                                                                   {"max_tokens", 100},
                                                                   {"stop", "END"},
                                                                   {"n", 2},
                                                                   {"seed", 7},
                                                                   {"response_format", {{"type", "json_object"}}}}));
  json expected = R"({"temperature": 0.5, "topP": 0.9, "maxOutputTokens": 100, "stopSequences": ["END"],
                      "candidateCount": 2, "seed": 7, "responseMimeType": "application/json"})"_json;
  CHECK(body["generationConfig"] == expected);
  CHECK_FALSE(gemini_body(with_messages(json::array({user("x")}))).contains("generationConfig"));
}

TEST_CASE("gemini request: json_schema becomes responseSchema without unsupported keywords") {
  json schema = R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": ["integer", "null"]},
                   "kind": {"const": "person"}, "pet": {"$ref": "#/$defs/pet"}},
    "required": ["name"], "additionalProperties": false,
    "$defs": {"pet": {"type": "object", "properties": {"species": {"type": "string", "enum": ["cat", "dog"]}},
                      "additionalProperties": false}}})"_json;
  json rf = {{"type", "json_schema"}, {"json_schema", {{"name", "person"}, {"strict", true}, {"schema", schema}}}};
  json gc = gemini_body(with_messages(json::array({user("x")}), {{"response_format", rf}}))["generationConfig"];
  json expected = R"({"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string"}, "age": {"type": "integer", "nullable": true}, "kind": {"enum": ["person"]},
      "pet": {"type": "object", "properties": {"species": {"type": "string", "enum": ["cat", "dog"]}}}}})"_json;
  CHECK(gc["responseMimeType"] == "application/json");
  CHECK(gc["responseSchema"] == expected);
}

TEST_CASE("gemini request: reasoning_effort and thinking budgets become thinkingConfig") {
  for (auto [effort, budget] : {std::pair{"low", 1024}, {"medium", 8192}, {"high", 24576}}) {
    json gc = gemini_body(with_messages(json::array({user("x")}), {{"reasoning_effort", effort}}))["generationConfig"];
    CHECK(gc["thinkingConfig"] == json{{"thinkingBudget", budget}, {"includeThoughts", true}});
  }
  json enabled = {{"thinking", {{"type", "enabled"}, {"budget_tokens", 2000}}}};
  CHECK(gemini_body(with_messages(json::array({user("x")}), enabled))["generationConfig"]["thinkingConfig"] ==
        json{{"thinkingBudget", 2000}, {"includeThoughts", true}});
  json disabled = {{"thinking", {{"type", "disabled"}}}};
  CHECK(gemini_body(with_messages(json::array({user("x")}), disabled))["generationConfig"]["thinkingConfig"] ==
        json{{"thinkingBudget", 0}});
}

TEST_CASE("gemini request: earlier thinking is dropped but its signature rides on the function call") {
  json assistant = R"({"role": "assistant", "content": "Let me look.", "reasoning_content": "I should call it.",
    "thinking_blocks": [{"type": "thinking", "thinking": "I should call it.", "signature": "SIG_A"}],
    "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]})"_json;
  json messages = json::array({user("go"), assistant, {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "ok"}}});
  json model_turn = gemini_body(with_messages(messages))["contents"][1];
  json expected = R"({"role": "model", "parts": [{"text": "Let me look."},
    {"functionCall": {"name": "f", "args": {}}, "thoughtSignature": "SIG_A"}]})"_json;
  CHECK(model_turn == expected);
}

TEST_CASE("gemini request: features Gemini cannot serve are refused, naming the field") {
  json one = json::array({user("x")});
  CHECK(refused_param(with_messages(one, {{"logprobs", true}})) == "logprobs");
  CHECK(refused_param(with_messages(one, {{"top_logprobs", 3}})) == "top_logprobs");
  CHECK(refused_param(with_messages(one, {{"modalities", {"text", "audio"}}, {"audio", {{"voice", "alloy"}}}})) ==
        "audio");
  CHECK(refused_param(with_messages(one, {{"reasoning_effort", "extreme"}})) == "reasoning_effort");
  CHECK(refused_param(with_messages(one, {{"tools", R"([{"type": "web_search"}])"_json}})) == "tools[0]");
  json audio = {{"role", "user"},
                {"content", R"([{"type": "input_audio", "input_audio": {"data": "AAA", "format": "wav"}}])"_json}};
  CHECK(refused_param(with_messages(json::array({audio}))) == "messages[0].content[0]");
  json orphan = {{"role", "tool"}, {"tool_call_id", "nope"}, {"content", "x"}};
  CHECK(refused_param(with_messages(json::array({user("x"), orphan}))) == "messages[1].tool_call_id");
  CHECK(gemini_adapter().build_request(canonical(with_messages(one, {{"logprobs", false}})), "m", google()).ok());
}

TEST_CASE("gemini response: a text answer with usage") {
  json response = R"({
    "candidates": [{"content": {"parts": [{"text": "AI learns patterns from data."}], "role": "model"},
                    "finishReason": "STOP", "avgLogprobs": -0.21, "index": 0}],
    "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 7, "totalTokenCount": 15,
                      "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}]},
    "modelVersion": "gemini-2.0-flash", "responseId": "AbCdEf123"})"_json;
  json out = parse_ok(response);
  CHECK(out["object"] == "chat.completion");
  CHECK(out["id"] == "AbCdEf123");
  CHECK(out["model"] == "gemini-2.0-flash");
  CHECK(out["choices"][0]["message"] == json{{"role", "assistant"}, {"content", "AI learns patterns from data."}});
  CHECK(out["choices"][0]["finish_reason"] == "stop");
  CHECK(out["usage"]["prompt_tokens"] == 8);
  CHECK(out["usage"]["completion_tokens"] == 7);
  CHECK(out["usage"]["total_tokens"] == 15);
}

TEST_CASE("gemini response: thoughts, a signed function call and thinking tokens") {
  json response = R"({
    "candidates": [{"content": {"role": "model", "parts": [
        {"text": "The user wants the weather, so I call the tool.", "thought": true},
        {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "CiQBVKhc7sig"}]},
      "finishReason": "STOP", "index": 0}],
    "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 15, "thoughtsTokenCount": 40,
                      "cachedContentTokenCount": 4, "totalTokenCount": 67},
    "modelVersion": "gemini-2.5-flash", "responseId": "r1"})"_json;
  json out = parse_ok(response);
  json msg = out["choices"][0]["message"];
  CHECK(msg["content"].is_null());
  CHECK(msg["reasoning_content"] == "The user wants the weather, so I call the tool.");
  CHECK(msg["thinking_blocks"] ==
        R"([{"type": "thinking", "thinking": "The user wants the weather, so I call the tool.",
                                       "signature": "CiQBVKhc7sig"}])"_json);
  CHECK(msg["tool_calls"] == R"([{"id": "call_r1_0", "type": "function",
                                   "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}])"_json);
  CHECK(out["choices"][0]["finish_reason"] == "tool_calls");
  CHECK(out["usage"]["completion_tokens"] == 55);
  CHECK(out["usage"]["completion_tokens_details"]["reasoning_tokens"] == 40);
  CHECK(out["usage"]["prompt_tokens_details"]["cached_tokens"] == 4);
}

TEST_CASE("gemini response: finish reasons map to OpenAI's") {
  for (auto [gemini, openai] : {std::pair{"MAX_TOKENS", "length"},
                                {"SAFETY", "content_filter"},
                                {"RECITATION", "content_filter"},
                                {"PROHIBITED_CONTENT", "content_filter"},
                                {"SPII", "content_filter"},
                                {"BLOCKLIST", "content_filter"},
                                {"OTHER", "stop"}}) {
    json response = {{"candidates", json::array({{{"content", {{"parts", json::array({{{"text", "x"}}})}}},
                                                  {"finishReason", gemini}}})}};
    CHECK(parse_ok(response)["choices"][0]["finish_reason"] == openai);
  }
}

TEST_CASE("gemini response: a blocked prompt is an empty content_filter answer") {
  json response = R"({"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [
      {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
    "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}, "modelVersion": "gemini-2.5-flash"})"_json;
  json out = parse_ok(response);
  CHECK(out["choices"][0]["message"]["content"] == "");
  CHECK(out["choices"][0]["finish_reason"] == "content_filter");
  CHECK(out["usage"]["prompt_tokens"] == 9);
}

TEST_CASE("gemini response: error bodies and garbage are upstream errors") {
  Result<json> err = gemini_adapter().parse_response(
      R"({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT"}})");
  REQUIRE_FALSE(err.ok());
  CHECK(err.error().kind == ErrorKind::kUpstreamError);
  CHECK(err.error().message.find("API key not valid") != std::string::npos);
  CHECK_FALSE(gemini_adapter().parse_response("<html>").ok());
  CHECK_FALSE(gemini_adapter().parse_response(R"({"candidates": []})").ok());
}

// One SSE event carrying `json_text` on a single data line.
std::string event(const char* json_text) { return "data: " + json::parse(json_text).dump() + "\r\n\r\n"; }

// Feeds an SSE byte stream through a splitter and the decoder.
std::vector<json> decode_stream(const std::string& bytes, bool* finished = nullptr) {
  SseSplitter splitter;
  std::vector<std::string> events;
  splitter.feed(bytes, events);
  auto decoder = gemini_adapter().stream_decoder();
  std::vector<json> chunks;
  for (const auto& e : events) REQUIRE(decoder->decode(e, chunks).ok());
  if (finished) *finished = decoder->finished();
  return chunks;
}

TEST_CASE("gemini stream: text and thought events become canonical chunks with usage last") {
  // As Gemini sends it: one JSON object per `data:` line, CRLF line ends, no [DONE].
  std::string sse = event(R"({"candidates": [{"content": {"parts": [{"text": "Weighing it.", "thought": true}],
                                "role": "model"}, "index": 0}],
                              "usageMetadata": {"promptTokenCount": 5, "totalTokenCount": 5},
                              "modelVersion": "gemini-2.5-flash", "responseId": "s1"})") +
                    event(R"({"candidates": [{"content": {"parts": [{"text": "Hello"}], "role": "model"}, "index": 0}],
                              "modelVersion": "gemini-2.5-flash", "responseId": "s1"})") +
                    event(R"({"candidates": [{"content": {"parts": [{"text": " there!"}], "role": "model"},
                                "finishReason": "STOP", "index": 0}],
                              "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 3,
                                                "thoughtsTokenCount": 6, "totalTokenCount": 14},
                              "modelVersion": "gemini-2.5-flash", "responseId": "s1"})");
  bool finished = false;
  std::vector<json> chunks = decode_stream(sse, &finished);
  CHECK(finished);
  REQUIRE(chunks.size() == 6);
  CHECK(chunks[0]["choices"][0]["delta"] == json{{"role", "assistant"}, {"content", ""}});
  CHECK(chunks[1]["choices"][0]["delta"] == json{{"reasoning_content", "Weighing it."}});
  CHECK(chunks[2]["choices"][0]["delta"] == json{{"content", "Hello"}});
  CHECK(chunks[3]["choices"][0]["delta"] == json{{"content", " there!"}});
  CHECK(chunks[4]["choices"][0]["finish_reason"] == "stop");
  CHECK(chunks[4]["object"] == "chat.completion.chunk");
  CHECK(chunks[4]["model"] == "gemini-2.5-flash");
  CHECK(chunks[5]["choices"].empty());
  CHECK(chunks[5]["usage"]["prompt_tokens"] == 5);
  CHECK(chunks[5]["usage"]["completion_tokens"] == 9);
  CHECK(chunks[5]["usage"]["completion_tokens_details"]["reasoning_tokens"] == 6);
}

TEST_CASE("gemini stream: a whole function call becomes one tool_calls delta, signature first") {
  std::string sse = event(R"({"candidates": [{"content": {"role": "model", "parts": [
        {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "SIG"}]},
        "finishReason": "STOP", "index": 0}],
      "usageMetadata": {"promptTokenCount": 20, "candidatesTokenCount": 5, "totalTokenCount": 25},
      "responseId": "s2"})");
  bool finished = false;
  std::vector<json> chunks = decode_stream(sse, &finished);
  CHECK(finished);
  REQUIRE(chunks.size() == 5);
  CHECK(chunks[1]["choices"][0]["delta"] == json{{"thinking_signature", "SIG"}});
  json expected = R"([{"index": 0, "id": "call_s2_0", "type": "function",
                       "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}])"_json;
  CHECK(chunks[2]["choices"][0]["delta"]["tool_calls"] == expected);
  CHECK(chunks[3]["choices"][0]["finish_reason"] == "tool_calls");
  CHECK(chunks[4]["usage"]["total_tokens"] == 25);
}

TEST_CASE("gemini stream: not finished until a finishReason; errors and garbage fail") {
  bool finished = true;
  decode_stream(event(R"({"candidates": [{"content": {"parts": [{"text": "Hi"}]}}]})"), &finished);
  CHECK_FALSE(finished);
  auto decoder = gemini_adapter().stream_decoder();
  std::vector<json> chunks;
  std::string overloaded = event(R"({"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}})");
  CHECK_FALSE(decoder->decode(overloaded, chunks).ok());
  CHECK_FALSE(decoder->decode("data: not json\n\n", chunks).ok());
}

TEST_CASE("gemini request: JSON in tool arguments or results nesting past the limit is never parsed") {
  // Parsed without the limit, 20,000 levels overflowed a fiber's stack.
  std::string deep = std::string(600, '[') + std::string(600, ']');
  json call = {
      {"id", "c1"}, {"type", "function"}, {"function", {{"name", "f"}, {"arguments", "{\"a\":" + deep + "}"}}}};
  json asked = json::array({user("x"), {{"role", "assistant"}, {"tool_calls", json::array({call})}}});
  CHECK(refused_param(with_messages(asked)) == "messages[1].tool_calls[0]");
  call["function"]["arguments"] = "{}";
  json answered = json::array({user("x"),
                               {{"role", "assistant"}, {"tool_calls", json::array({call})}},
                               {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", deep}}});
  json body = gemini_body(with_messages(answered));
  CHECK(body["contents"][2]["parts"][0]["functionResponse"]["response"]["content"] == deep);  // kept as text
}

TEST_CASE("gemini response: usage counts past int64 or kMaxTokenCount reach canonical usage as an overflow") {
  for (const char* meta : {R"({"promptTokenCount": 9223372036854775808, "candidatesTokenCount": 1})",
                           R"({"promptTokenCount": 1e30, "candidatesTokenCount": 1})",
                           R"({"promptTokenCount": 3, "thoughtsTokenCount": 1e300})"}) {
    INFO(meta);
    json response = {
        {"candidates", json::array({{{"content", {{"parts", json::array({{{"text", "x"}}})}, {"role", "model"}}},
                                     {"finishReason", "STOP"}}})},
        {"usageMetadata", json::parse(meta)}};
    auto u = parse_openai_usage(parse_ok(response)["usage"]);
    REQUIRE(u.has_value());
    CHECK(u->overflow);
  }
}

}  // namespace
}  // namespace gw
