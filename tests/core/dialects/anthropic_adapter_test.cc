// Tests for core/dialects/anthropic_adapter.h: canonical requests -> exact Anthropic
// Messages bodies, refusals of what Anthropic cannot serve, and real
// Anthropic responses and SSE streams (shapes from Anthropic's API reference
// and streaming guide) -> canonical answers and chunks. The round trip
// through the mock's Anthropic dialect is in mock_anthropic_test.cc.
#include "core/dialects/anthropic_adapter.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/dialects/openai_usage.h"
#include "core/http/sse.h"

namespace gw {
namespace {

ChatRequest canonical(const json& body) {
  auto r = parse_chat_request(body.dump());
  REQUIRE_MESSAGE(r.ok(), body.dump());
  return r.value();
}

ProviderEndpoint anthropic_endpoint() {
  ProviderEndpoint ep;
  ep.info = find_provider("anthropic");
  ep.base_url = "https://api.anthropic.com/v1";
  ep.api_key = "sk-ant-test";
  ep.enabled = true;
  return ep;
}

json messages_of(std::initializer_list<json> list) {
  json out = json::array();
  for (const auto& m : list) out.push_back(m);
  return out;
}

json request_with(json messages, json extra = json::object()) {
  json body = {{"model", "claude"}, {"messages", std::move(messages)}};
  for (auto& [k, v] : extra.items()) body[k] = v;
  return body;
}

// The Anthropic body built for a canonical request (which must succeed).
json built(const json& body) {
  auto r = anthropic_adapter().build_request(canonical(body), "claude-sonnet-4-5", anthropic_endpoint());
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  json out = json::parse(r->body, nullptr, false);
  REQUIRE(!out.is_discarded());
  return out;
}

Error refused(const json& body) {
  auto r = anthropic_adapter().build_request(canonical(body), "claude-sonnet-4-5", anthropic_endpoint());
  REQUIRE_FALSE(r.ok());
  return r.error();
}

json user(std::string text) { return {{"role", "user"}, {"content", std::move(text)}}; }

json tool_call(std::string id, std::string name, std::string args) {
  return {{"id", std::move(id)},
          {"type", "function"},
          {"function", {{"name", std::move(name)}, {"arguments", std::move(args)}}}};
}

json weather_tool() {
  return {{"type", "function"},
          {"function",
           {{"name", "get_weather"},
            {"description", "Current weather"},
            {"parameters", {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}}}}}};
}

// Feeds a whole SSE stream to a fresh decoder, block by block.
struct Decoded {
  std::vector<json> chunks;
  bool finished = false;
  Status status = ok_status();
};

Decoded decode_stream(const std::string& stream) {
  Decoded d;
  auto decoder = anthropic_adapter().stream_decoder();
  SseSplitter splitter;
  std::vector<std::string> blocks;
  splitter.feed(stream, blocks);
  for (const auto& block : blocks) {
    d.status = decoder->decode(block, d.chunks);
    if (!d.status.ok()) break;
  }
  d.finished = decoder->finished();
  return d;
}

json delta_of(const json& chunk) { return chunk["choices"][0]["delta"]; }

}  // namespace

TEST_CASE("anthropic adapter: posts to /messages with x-api-key and anthropic-version") {
  auto r = anthropic_adapter().build_request(canonical(request_with(messages_of({user("hi")}))), "claude-sonnet-4-5",
                                             anthropic_endpoint());
  REQUIRE(r.ok());
  CHECK(anthropic_adapter().wire() == WireFormat::kAnthropic);
  CHECK(r->method == "POST");
  CHECK(r->url == "https://api.anthropic.com/v1/messages");
  CHECK(r->headers.get("x-api-key") == "sk-ant-test");
  CHECK(r->headers.get("anthropic-version") == "2023-06-01");
  CHECK(r->headers.get("content-type") == "application/json");
  CHECK_FALSE(r->headers.has("authorization"));
  CHECK_FALSE(r->headers.has("accept"));

  auto s = anthropic_adapter().build_request(canonical(request_with(messages_of({user("hi")}), {{"stream", true}})),
                                             "claude-sonnet-4-5", anthropic_endpoint());
  REQUIRE(s.ok());
  CHECK(s->headers.get("accept") == "text/event-stream");
  CHECK(json::parse(s->body)["stream"] == true);
}

TEST_CASE("anthropic adapter: a system prompt goes top-level and max_tokens defaults to 4096") {
  json body = request_with(messages_of({{{"role", "system"}, {"content", "Be brief."}}, user("Hello")}));
  CHECK(built(body) == json{{"model", "claude-sonnet-4-5"},
                            {"max_tokens", 4096},
                            {"system", "Be brief."},
                            {"messages", json::array({{{"role", "user"}, {"content", "Hello"}}})}});
  body["max_completion_tokens"] = 300;
  CHECK(built(body)["max_tokens"] == 300);
}

TEST_CASE("anthropic adapter: several system and developer messages become system text blocks") {
  json body = request_with(
      messages_of({{{"role", "system"}, {"content", "Rule one."}},
                   {{"role", "developer"}, {"content", json::array({{{"type", "text"}, {"text", "Rule two."}}})}},
                   user("Go")}));
  CHECK(built(body)["system"] ==
        json::array({{{"type", "text"}, {"text", "Rule one."}}, {{"type", "text"}, {"text", "Rule two."}}}));
}

TEST_CASE("anthropic adapter: consecutive same-role messages merge so roles alternate") {
  json body = request_with(messages_of({user("first"),
                                        user("second"),
                                        {{"role", "assistant"}, {"content", "ok"}},
                                        {{"role", "assistant"}, {"content", "more"}},
                                        user("third")}));
  CHECK(built(body)["messages"] ==
        json::array({{{"role", "user"},
                      {"content", {{{"type", "text"}, {"text", "first"}}, {{"type", "text"}, {"text", "second"}}}}},
                     {{"role", "assistant"},
                      {"content", {{{"type", "text"}, {"text", "ok"}}, {{"type", "text"}, {"text", "more"}}}}},
                     {{"role", "user"}, {"content", "third"}}}));
}

TEST_CASE("anthropic adapter: tools and every tool_choice form translate") {
  json body = request_with(messages_of({user("weather?")}), {{"tools", json::array({weather_tool()})}});
  json out = built(body);
  CHECK(out["tools"] ==
        json::array({{{"name", "get_weather"},
                      {"description", "Current weather"},
                      {"input_schema", {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}}}}}));
  CHECK_FALSE(out.contains("tool_choice"));

  body["tool_choice"] = "auto";
  CHECK(built(body)["tool_choice"] == json{{"type", "auto"}});
  body["tool_choice"] = "required";
  CHECK(built(body)["tool_choice"] == json{{"type", "any"}});
  body["tool_choice"] = "none";
  CHECK(built(body)["tool_choice"] == json{{"type", "none"}});
  body["tool_choice"] = {{"type", "function"}, {"function", {{"name", "get_weather"}}}};
  CHECK(built(body)["tool_choice"] == json{{"type", "tool"}, {"name", "get_weather"}});
  body["parallel_tool_calls"] = false;
  CHECK(built(body)["tool_choice"] ==
        json{{"type", "tool"}, {"name", "get_weather"}, {"disable_parallel_tool_use", true}});
  body.erase("tool_choice");
  CHECK(built(body)["tool_choice"] == json{{"type", "auto"}, {"disable_parallel_tool_use", true}});
}

TEST_CASE("anthropic adapter: a tool without parameters gets an empty object schema") {
  json tool = {{"type", "function"}, {"function", {{"name", "now"}}}};
  json out = built(request_with(messages_of({user("time?")}), {{"tools", json::array({tool})}}));
  CHECK(out["tools"] ==
        json::array({{{"name", "now"}, {"input_schema", {{"type", "object"}, {"properties", json::object()}}}}}));
}

TEST_CASE("anthropic adapter: Anthropic server tools pass as sent; other non-function tools are refused") {
  json server = {{"type", "web_search_20250305"}, {"name", "web_search"}, {"max_uses", 3}};
  json out = built(request_with(messages_of({user("news?")}), {{"tools", json::array({weather_tool(), server})}}));
  CHECK(out["tools"][1] == server);
  json custom = {{"type", "custom"}, {"custom", {{"name", "grammar"}}}};
  CHECK(refused(request_with(messages_of({user("x")}), {{"tools", json::array({custom})}})).param == "tools[0].type");
}

TEST_CASE("anthropic adapter: a tool round trip becomes tool_use and one user turn of tool_result blocks") {
  json body = request_with(
      messages_of({user("Weather in Paris and Rome?"),
                   {{"role", "assistant"},
                    {"content", nullptr},
                    {"tool_calls", json::array({tool_call("call_1", "get_weather", R"({"city":"Paris"})"),
                                                tool_call("call_2", "get_weather", R"({"city":"Rome"})")})}},
                   {{"role", "tool"}, {"tool_call_id", "call_1"}, {"content", "18C"}},
                   {{"role", "tool"},
                    {"tool_call_id", "call_2"},
                    {"content", json::array({{{"type", "text"}, {"text", "21C"}}})}}}),
      {{"tools", json::array({weather_tool()})}});
  json expected = json::array(
      {{{"role", "user"}, {"content", "Weather in Paris and Rome?"}},
       {{"role", "assistant"},
        {"content",
         {{{"type", "tool_use"}, {"id", "call_1"}, {"name", "get_weather"}, {"input", {{"city", "Paris"}}}},
          {{"type", "tool_use"}, {"id", "call_2"}, {"name", "get_weather"}, {"input", {{"city", "Rome"}}}}}}},
       {{"role", "user"},
        {"content",
         {{{"type", "tool_result"}, {"tool_use_id", "call_1"}, {"content", "18C"}},
          {{"type", "tool_result"},
           {"tool_use_id", "call_2"},
           {"content", json::array({{{"type", "text"}, {"text", "21C"}}})}}}}}});
  CHECK(built(body)["messages"] == expected);
}

TEST_CASE("anthropic adapter: tool call arguments that are not a JSON object are an invalid request") {
  for (const char* args : {"{not json", "[1,2]"}) {
    json body = request_with(
        messages_of({user("x"), {{"role", "assistant"}, {"tool_calls", json::array({tool_call("c", "f", args)})}}}));
    Error e = refused(body);
    CHECK(e.kind == ErrorKind::kInvalidRequest);
    CHECK(e.param == "messages[1].tool_calls[0].function.arguments");
  }
  json empty_args = request_with(
      messages_of({user("x"), {{"role", "assistant"}, {"tool_calls", json::array({tool_call("c", "f", "")})}}}));
  CHECK(built(empty_args)["messages"][1]["content"][0]["input"] == json::object());
}

TEST_CASE("anthropic adapter: images become base64 or url sources and PDFs become documents") {
  json parts = json::array(
      {{{"type", "text"}, {"text", "What is this?"}},
       {{"type", "image_url"}, {"image_url", {{"url", "data:image/png;base64,iVBORw0KGgo="}}}},
       {{"type", "image_url"}, {"image_url", {{"url", "https://example.com/cat.jpg"}, {"detail", "high"}}}},
       {{"type", "file"}, {"file", {{"filename", "a.pdf"}, {"file_data", "data:application/pdf;base64,JVBERi0x"}}}}});
  json out = built(request_with(messages_of({{{"role", "user"}, {"content", parts}}})));
  CHECK(out["messages"][0]["content"] ==
        json::array({{{"type", "text"}, {"text", "What is this?"}},
                     {{"type", "image"},
                      {"source", {{"type", "base64"}, {"media_type", "image/png"}, {"data", "iVBORw0KGgo="}}}},
                     {{"type", "image"}, {"source", {{"type", "url"}, {"url", "https://example.com/cat.jpg"}}}},
                     {{"type", "document"},
                      {"source", {{"type", "base64"}, {"media_type", "application/pdf"}, {"data", "JVBERi0x"}}}}}));
}

TEST_CASE("anthropic adapter: reasoning_effort becomes a thinking budget; max_tokens is raised only when unset") {
  json body = request_with(messages_of({user("think")}), {{"reasoning_effort", "high"}});
  json out = built(body);
  CHECK(out["thinking"] == json{{"type", "enabled"}, {"budget_tokens", 24576}});
  CHECK(out["max_tokens"] == 24576 + 4096);
  body["reasoning_effort"] = "low";
  body["max_tokens"] = 2000;
  out = built(body);
  CHECK(out["thinking"] == json{{"type", "enabled"}, {"budget_tokens", 1024}});
  CHECK(out["max_tokens"] == 2000);
  body["reasoning_effort"] = "medium";  // 8192 does not fit the caller's 2000: gw's budget gives way
  out = built(body);
  CHECK(out["thinking"]["budget_tokens"] == 1999);
  CHECK(out["max_tokens"] == 2000);
  body["thinking"] = {{"type", "enabled"}, {"budget_tokens", 1500}};
  CHECK(built(body)["thinking"] == json{{"type", "enabled"}, {"budget_tokens", 1500}});
  body["thinking"]["budget_tokens"] = 2000;  // the caller's own budget, at max_tokens: refused, never changed
  CHECK(refused(body).param == "thinking.budget_tokens");
  body.erase("thinking");
  body["max_tokens"] = 1000;  // no room for Anthropic's smallest budget
  CHECK(refused(body).param == "reasoning_effort");
  body["max_tokens"] = 2000;
  body["reasoning_effort"] = "extreme";
  body.erase("thinking");
  CHECK(refused(body).param == "reasoning_effort");
}

TEST_CASE("anthropic adapter: signed thinking goes first in its assistant turn; unsigned reasoning is dropped") {
  json signed_turn = {
      {"role", "assistant"},
      {"content", "Answer."},
      {"reasoning_content", "hmm"},
      {"thinking_blocks", json::array({{{"type", "thinking"}, {"thinking", "hmm"}, {"signature", "sig=="}},
                                       {{"type", "redacted_thinking"}, {"data", "opaque"}}})},
      {"tool_calls", json::array({tool_call("t1", "f", "{}")})}};
  json out = built(request_with(
      messages_of({user("q"), signed_turn, {{"role", "tool"}, {"tool_call_id", "t1"}, {"content", "r"}}})));
  CHECK(out["messages"][1]["content"] ==
        json::array({{{"type", "thinking"}, {"thinking", "hmm"}, {"signature", "sig=="}},
                     {{"type", "redacted_thinking"}, {"data", "opaque"}},
                     {{"type", "text"}, {"text", "Answer."}},
                     {{"type", "tool_use"}, {"id", "t1"}, {"name", "f"}, {"input", json::object()}}}));

  json unsigned_turn = {{"role", "assistant"}, {"content", "Answer."}, {"reasoning_content", "hmm"}};
  out = built(request_with(messages_of({user("q"), unsigned_turn, user("and?")})));
  CHECK(out["messages"][1] == json{{"role", "assistant"}, {"content", "Answer."}});
}

TEST_CASE("anthropic adapter: stop, sampling and user pass; OpenAI-only tuning fields are dropped") {
  json body = request_with(messages_of({user("x")}), {{"stop", "END"},
                                                      {"temperature", 0.5},
                                                      {"top_p", 0.9},
                                                      {"top_k", 40},
                                                      {"user", "u-42"},
                                                      {"seed", 7},
                                                      {"frequency_penalty", 0.1},
                                                      {"presence_penalty", 0.2},
                                                      {"service_tier", "auto"},
                                                      {"stream_options", {{"include_usage", true}}},
                                                      {"n", 1}});
  CHECK(built(body) == json{{"model", "claude-sonnet-4-5"},
                            {"max_tokens", 4096},
                            {"messages", json::array({{{"role", "user"}, {"content", "x"}}})},
                            {"stop_sequences", json::array({"END"})},
                            {"temperature", 0.5},
                            {"top_p", 0.9},
                            {"top_k", 40},
                            {"metadata", {{"user_id", "u-42"}}}});
  body["stop"] = json::array({"a", "b"});
  CHECK(built(body)["stop_sequences"] == json::array({"a", "b"}));
}

TEST_CASE("anthropic adapter: features Anthropic cannot serve are invalid requests, never dropped") {
  json base = request_with(messages_of({user("x")}));
  struct Case {
    const char* field;
    json value;
  };
  for (const auto& c : {Case{"n", 2}, Case{"logprobs", true}, Case{"top_logprobs", 3},
                        Case{"response_format", {{"type", "json_object"}}},
                        Case{"response_format",
                             {{"type", "json_schema"}, {"json_schema", {{"name", "x"}, {"schema", json::object()}}}}},
                        Case{"audio", {{"voice", "alloy"}, {"format", "wav"}}}, Case{"modalities", {"text", "audio"}},
                        Case{"functions", json::array({{{"name", "f"}}})}, Case{"logit_bias", {{"50256", -100}}}}) {
    json body = base;
    body[c.field] = c.value;
    CAPTURE(c.field);
    Error e = refused(body);
    CHECK(e.kind == ErrorKind::kInvalidRequest);
    CHECK(e.param == c.field);
  }
  json body = base;
  body["response_format"] = {{"type", "json_object"}};
  CHECK(refused(body).message == "response_format is not supported by anthropic");
  body["response_format"] = {{"type", "text"}};
  CHECK(built(body).contains("messages"));

  json audio_in = request_with(messages_of(
      {{{"role", "user"},
        {"content",
         json::array({{{"type", "input_audio"}, {"input_audio", {{"data", "AAAA"}, {"format", "wav"}}}}})}}}));
  CHECK(refused(audio_in).kind == ErrorKind::kInvalidRequest);
}

TEST_CASE("anthropic adapter: a text Message from the API reference becomes a chat.completion") {
  const char* body = R"({
    "content": [{"text": "Hi! My name is Claude.", "type": "text"}],
    "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
    "model": "claude-sonnet-4-5-20250929",
    "role": "assistant",
    "stop_reason": "end_turn",
    "stop_sequence": null,
    "type": "message",
    "usage": {"input_tokens": 2095, "output_tokens": 503}
  })";
  auto r = anthropic_adapter().parse_response(body);
  REQUIRE(r.ok());
  CHECK(*r ==
        json{{"id", "msg_013Zva2CMHLNnXjNJJKqJ2EF"},
             {"object", "chat.completion"},
             {"created", 0},
             {"model", "claude-sonnet-4-5-20250929"},
             {"choices", json::array({{{"index", 0},
                                       {"logprobs", nullptr},
                                       {"finish_reason", "stop"},
                                       {"message", {{"role", "assistant"}, {"content", "Hi! My name is Claude."}}}}})},
             {"usage",
              {{"prompt_tokens", 2095},
               {"completion_tokens", 503},
               {"total_tokens", 2598},
               {"prompt_tokens_details", {{"cached_tokens", 0}}}}}});
}

TEST_CASE("anthropic adapter: tool_use, thinking and cache usage in a Message become canonical fields") {
  const char* body = R"({
    "id": "msg_01Aq9w938a90dw8q", "type": "message", "role": "assistant", "model": "claude-opus-4-1-20250805",
    "content": [
      {"type": "thinking", "thinking": "Let me check the weather.", "signature": "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL"},
      {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
      {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
       "input": {"location": "San Francisco, CA", "unit": "celsius"}}
    ],
    "stop_reason": "tool_use", "stop_sequence": null,
    "usage": {"input_tokens": 50, "cache_creation_input_tokens": 20, "cache_read_input_tokens": 1000, "output_tokens": 80}
  })";
  auto r = anthropic_adapter().parse_response(body);
  REQUIRE(r.ok());
  const json& choice = (*r)["choices"][0];
  CHECK(choice["finish_reason"] == "tool_calls");
  const json& m = choice["message"];
  CHECK(m["content"].is_null());
  CHECK(m["tool_calls"] == json::array({{{"id", "toolu_01A09q90qw90lq917835lq9"},
                                         {"type", "function"},
                                         {"function",
                                          {{"name", "get_weather"},
                                           {"arguments", R"({"location":"San Francisco, CA","unit":"celsius"})"}}}}}));
  CHECK(m["reasoning_content"] == "Let me check the weather.");
  REQUIRE(m["thinking_blocks"].size() == 2);
  CHECK(m["thinking_blocks"][0]["signature"] ==
        "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL");
  CHECK(m["thinking_blocks"][1] == json{{"type", "redacted_thinking"},
                                        {"data", "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"}});
  CHECK((*r)["usage"] == json{{"prompt_tokens", 1070},
                              {"completion_tokens", 80},
                              {"total_tokens", 1150},
                              {"prompt_tokens_details",
                               {{"cached_tokens", 1000}, {"cache_write_tokens", 20}, {"cache_write_1h_tokens", 0}}}});
}

TEST_CASE("anthropic adapter: stop reasons map to OpenAI finish reasons") {
  CHECK(anthropic_finish_reason("end_turn") == "stop");
  CHECK(anthropic_finish_reason("stop_sequence") == "stop");
  CHECK(anthropic_finish_reason("max_tokens") == "length");
  CHECK(anthropic_finish_reason("tool_use") == "tool_calls");
  CHECK(anthropic_finish_reason("refusal") == "content_filter");
  CHECK(anthropic_finish_reason("pause_turn") == "stop");
}

TEST_CASE("anthropic adapter: an error body or a non-message is an upstream error with its message") {
  auto e = anthropic_adapter().parse_response(
      R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"})");
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().kind == ErrorKind::kUpstreamError);
  CHECK(e.error().message == "Overloaded");
  for (const char* body : {"not json", "[]", R"({"type":"completion"})"}) {
    auto r = anthropic_adapter().parse_response(body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kUpstreamError);
  }
}

TEST_CASE("anthropic adapter: the streaming guide's text stream decodes to role, text, finish and usage") {
  std::string stream =
      "event: message_start\n"
      R"(data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-opus-4-6", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}})"
      "\n\nevent: content_block_start\n"
      R"(data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})"
      "\n\nevent: ping\n"
      R"(data: {"type": "ping"})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}})"
      "\n\nevent: content_block_stop\n"
      R"(data: {"type": "content_block_stop", "index": 0})"
      "\n\nevent: message_delta\n"
      R"(data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}})"
      "\n\nevent: message_stop\n"
      R"(data: {"type": "message_stop"})"
      "\n\n";
  Decoded d = decode_stream(stream);
  REQUIRE(d.status.ok());
  CHECK(d.finished);
  REQUIRE(d.chunks.size() == 5);
  CHECK(d.chunks[0]["object"] == "chat.completion.chunk");
  CHECK(d.chunks[0]["id"] == "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
  CHECK(d.chunks[0]["model"] == "claude-opus-4-6");
  CHECK(delta_of(d.chunks[0]) == json{{"role", "assistant"}});
  CHECK(delta_of(d.chunks[1]) == json{{"content", "Hello"}});
  CHECK(delta_of(d.chunks[2]) == json{{"content", "!"}});
  CHECK(delta_of(d.chunks[3]) == json::object());
  CHECK(d.chunks[3]["choices"][0]["finish_reason"] == "stop");
  CHECK(d.chunks[4]["choices"] == json::array());
  CHECK(d.chunks[4]["usage"] == json{{"prompt_tokens", 25},
                                     {"completion_tokens", 15},
                                     {"total_tokens", 40},
                                     {"prompt_tokens_details", {{"cached_tokens", 0}}}});
}

TEST_CASE("anthropic adapter: a tool-use stream decodes to indexed tool_calls with argument pieces") {
  std::string stream =
      "event: message_start\n"
      R"(data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-opus-4-1-20250805","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}})"
      "\n\nevent: content_block_start\n"
      R"(data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let me check."}})"
      "\n\nevent: content_block_stop\n"
      R"(data: {"type":"content_block_stop","index":0})"
      "\n\nevent: content_block_start\n"
      R"(data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"San Fra"}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ncisco, CA\"}"}})"
      "\n\nevent: content_block_stop\n"
      R"(data: {"type":"content_block_stop","index":1})"
      "\n\nevent: message_delta\n"
      R"(data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}})"
      "\n\nevent: message_stop\n"
      R"(data: {"type":"message_stop"})"
      "\n\n";
  Decoded d = decode_stream(stream);
  REQUIRE(d.status.ok());
  CHECK(d.finished);
  REQUIRE(d.chunks.size() == 7);
  CHECK(delta_of(d.chunks[1]) == json{{"content", "Okay, let me check."}});
  CHECK(delta_of(d.chunks[2]) ==
        json{{"tool_calls", json::array({{{"index", 0},
                                          {"id", "toolu_01T1x1fJ34qAmk2tNTrN7Up6"},
                                          {"type", "function"},
                                          {"function", {{"name", "get_weather"}, {"arguments", ""}}}}})}});
  CHECK(delta_of(d.chunks[3]) ==
        json{{"tool_calls", json::array({{{"index", 0}, {"function", {{"arguments", "{\"location\": \"San Fra"}}}}})}});
  CHECK(delta_of(d.chunks[4])["tool_calls"][0]["function"]["arguments"] == "ncisco, CA\"}");
  CHECK(d.chunks[5]["choices"][0]["finish_reason"] == "tool_calls");
  CHECK(d.chunks[6]["usage"]["prompt_tokens"] == 472);
  CHECK(d.chunks[6]["usage"]["completion_tokens"] == 89);
}

TEST_CASE("anthropic adapter: a thinking stream decodes to reasoning_content then thinking_signature") {
  std::string stream =
      "event: message_start\n"
      R"(data: {"type": "message_start", "message": {"id": "msg_01", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": null, "stop_sequence": null}})"
      "\n\nevent: content_block_start\n"
      R"(data: {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Let me solve this step by step:\n\n1. First break down 27 * 453"}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}})"
      "\n\nevent: content_block_stop\n"
      R"(data: {"type": "content_block_stop", "index": 0})"
      "\n\nevent: content_block_start\n"
      R"(data: {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}})"
      "\n\nevent: content_block_delta\n"
      R"(data: {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "27 * 453 = 12,231"}})"
      "\n\nevent: content_block_stop\n"
      R"(data: {"type": "content_block_stop", "index": 1})"
      "\n\nevent: message_delta\n"
      R"(data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}})"
      "\n\n";
  Decoded d = decode_stream(stream);
  REQUIRE(d.status.ok());
  CHECK_FALSE(d.finished);  // no message_stop yet
  REQUIRE(d.chunks.size() == 5);
  CHECK(delta_of(d.chunks[1]) ==
        json{{"reasoning_content", "Let me solve this step by step:\n\n1. First break down 27 * 453"}});
  CHECK(delta_of(d.chunks[2]) ==
        json{{"thinking_signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}});
  CHECK(delta_of(d.chunks[3]) == json{{"content", "27 * 453 = 12,231"}});
  CHECK(d.chunks[4]["choices"][0]["finish_reason"] == "stop");
}

TEST_CASE("anthropic adapter: an error event fails the stream (overloaded means unavailable)") {
  auto decoder = anthropic_adapter().stream_decoder();
  std::vector<json> chunks;
  Status s = decoder->decode(
      "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": "
      "\"Overloaded\"}}\n\n",
      chunks);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().kind == ErrorKind::kUnavailable);
  CHECK(s.error().message == "Overloaded");
  s = decoder->decode(
      "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}\n\n", chunks);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().kind == ErrorKind::kUpstreamError);
  CHECK(chunks.empty());
  CHECK_FALSE(decoder->finished());
}

TEST_CASE("anthropic adapter: tool call arguments nesting past the limit are an invalid request, never parsed") {
  // Parsed without the limit, 20,000 levels overflowed a fiber's stack.
  std::string args = "{\"a\":" + std::string(600, '[') + std::string(600, ']') + "}";
  json body = request_with(
      messages_of({user("x"), {{"role", "assistant"}, {"tool_calls", json::array({tool_call("c", "f", args)})}}}));
  Error e = refused(body);
  CHECK(e.kind == ErrorKind::kInvalidRequest);
  CHECK(e.param == "messages[1].tool_calls[0].function.arguments");
}

TEST_CASE("anthropic adapter: usage counts past int64 or kMaxTokenCount reach canonical usage as an overflow") {
  for (const char* usage :
       {R"({"input_tokens":9223372036854775808,"output_tokens":1})", R"({"input_tokens":1e30,"output_tokens":1})",
        R"({"input_tokens":3,"output_tokens":1,"cache_read_input_tokens":1e300})"}) {
    INFO(usage);
    auto u = parse_openai_usage(anthropic_usage_to_openai(json::parse(usage)));
    REQUIRE(u.has_value());
    CHECK(u->overflow);
  }
}

TEST_CASE("anthropic stream: a block index that is no int64 (1e300, a string) is read as none, never cast") {
  std::string stream =
      "event: message_start\ndata: "
      "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"usage\":{\"input_tokens\":1}}}\n\n"
      "event: content_block_start\ndata: "
      "{\"type\":\"content_block_start\",\"index\":1e300,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\","
      "\"name\":\"f\"}}\n\n"
      "event: content_block_delta\ndata: "
      "{\"type\":\"content_block_delta\",\"index\":1e300,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}"
      "\"}}\n\n"
      "event: content_block_delta\ndata: "
      "{\"type\":\"content_block_delta\",\"index\":\"0\",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}"
      "\"}}\n\n"
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  Decoded d = decode_stream(stream);
  CHECK(d.status.ok());
  CHECK(d.finished);
  size_t argument_chunks = 0;
  for (const auto& c : d.chunks)
    if (c["choices"].size() == 1 && delta_of(c).contains("tool_calls") &&
        delta_of(c)["tool_calls"][0]["function"].contains("arguments") &&
        delta_of(c)["tool_calls"][0]["function"]["arguments"] == "{}")
      ++argument_chunks;
  CHECK(argument_chunks == 2);  // both unreadable indexes read as "none" (-1), like an absent one
}

TEST_CASE(
    "anthropic adapter: cache writes survive translation, split into 5-minute and 1-hour, and are billed as such") {
  const std::string body = R"({
    "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
    "content": [{"type": "text", "text": "hi"}], "stop_reason": "end_turn", "stop_sequence": null,
    "usage": {"input_tokens": 100, "cache_creation_input_tokens": 50, "cache_read_input_tokens": 900,
              "cache_creation": {"ephemeral_5m_input_tokens": 20, "ephemeral_1h_input_tokens": 30},
              "output_tokens": 7}
  })";
  auto r = anthropic_adapter().parse_response(body);
  REQUIRE(r.ok());
  Usage u = usage_from_completion(*r, 0);
  CHECK(u.prompt_tokens == 1050);
  CHECK(u.cached_tokens == 900);
  CHECK(u.cache_write_tokens == 20);
  CHECK(u.cache_write_1h_tokens == 30);
  CHECK(u.completion_tokens == 7);
  CHECK_FALSE(u.estimated);
}

TEST_CASE("anthropic adapter: a streamed answer's cache writes reach the usage chunk, 1-hour part included") {
  auto decoder = anthropic_adapter().stream_decoder();
  std::vector<json> chunks;
  REQUIRE(decoder->decode(
      "event: message_start\n"
      R"(data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],)"
      R"("model":"claude-sonnet-4-5","usage":{"input_tokens":100,"cache_creation_input_tokens":50,)"
      R"("cache_read_input_tokens":900,"cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":30},)"
      R"("output_tokens":1}}})"
      "\n\n",
      chunks));
  REQUIRE(decoder->decode(
      "event: message_delta\n"
      R"(data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}})"
      "\n\n",
      chunks));
  REQUIRE_FALSE(chunks.empty());
  auto u = parse_openai_usage(chunks.back()["usage"]);
  REQUIRE(u);
  CHECK(u->prompt_tokens == 1050);
  CHECK(u->cached_tokens == 900);
  CHECK(u->cache_write_tokens == 20);
  CHECK(u->cache_write_1h_tokens == 30);
  CHECK(u->completion_tokens == 7);
}

}  // namespace gw
