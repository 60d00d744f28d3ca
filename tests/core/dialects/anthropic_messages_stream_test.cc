// Tests for the Anthropic Messages client dialect, answer side: canonical
// chat.completion objects -> Anthropic Message bodies, and canonical chunk
// sequences -> the exact Anthropic SSE bytes (whole strings compared).
#include <doctest/doctest.h>

#include <vector>

#include "core/dialects/anthropic_messages_dialect.h"
#include "core/http/sse.h"

namespace gw {
namespace {

using nlohmann::json;

RenderContext context() {
  RenderContext ctx;
  ctx.request_id = "req_0123456789abcdef01234567";
  ctx.model = "claude-sonnet-4-20250514";
  return ctx;
}

Usage usage(int64_t prompt, int64_t completion, int64_t cached = 0) {
  Usage u;
  u.prompt_tokens = prompt;
  u.completion_tokens = completion;
  u.cached_tokens = cached;
  return u;
}

std::string render(std::string_view canonical, const Usage& u) {
  return anthropic_messages_dialect().render_response(json::parse(canonical), u, context());
}

// A chat.completion.chunk as OpenAI streams it.
json chunk(json delta, json finish_reason = nullptr) {
  return {{"id", "chatcmpl-123"},
          {"object", "chat.completion.chunk"},
          {"created", 1694268190},
          {"model", "gpt-4o-mini"},
          {"choices", json::array({{{"index", 0},
                                    {"delta", std::move(delta)},
                                    {"logprobs", nullptr},
                                    {"finish_reason", std::move(finish_reason)}}})}};
}

json tool_delta(int index, json function, const char* id = nullptr) {
  json call = {{"index", index}, {"function", std::move(function)}};
  if (id) {
    call["id"] = id;
    call["type"] = "function";
  }
  return {{"tool_calls", json::array({std::move(call)})}};
}

std::string stream(const std::vector<json>& chunks, const Usage& final_usage) {
  auto encoder = anthropic_messages_dialect().stream_encoder(context());
  std::string out;
  for (const json& c : chunks) encoder->encode(c, out);
  encoder->finish(final_usage, out);
  return out;
}

constexpr const char* kStart =
    "event: message_start\n"
    R"(data: {"type":"message_start","message":{"id":"msg_0123456789abcdef01234567","type":"message",)"
    R"("role":"assistant","model":"claude-sonnet-4-20250514","content":[],"stop_reason":null,"stop_sequence":null,)"
    R"("usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}})"
    "\n\n"
    "event: ping\n"
    R"(data: {"type":"ping"})"
    "\n\n";

}  // namespace

TEST_CASE("anthropic messages: a text completion renders as an Anthropic message") {
  std::string out = render(R"({"id":"chatcmpl-123","object":"chat.completion","created":1677652288,
    "model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb",
    "choices":[{"index":0,"message":{"role":"assistant","content":"\n\nHello there, how may I assist you today?"},
                "logprobs":null,"finish_reason":"stop"}],
    "usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}})",
                           usage(9, 12));
  CHECK(
      out ==
      R"({"id":"msg_0123456789abcdef01234567","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",)"
      R"("content":[{"type":"text","text":"\n\nHello there, how may I assist you today?"}],)"
      R"("stop_reason":"end_turn","stop_sequence":null,)"
      R"("usage":{"input_tokens":9,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":12}})");
}

TEST_CASE("anthropic messages: tool calls render as tool_use blocks; cached tokens leave input_tokens") {
  std::string out = render(R"({"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,
    "model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
      {"id":"call_abc123","type":"function","function":{"name":"get_current_weather","arguments":"{\n\"location\": \"Boston, MA\"\n}"}},
      {"id":"call_def456","type":"function","function":{"name":"get_time","arguments":"{\"tz\": \"EST"}}]},
      "logprobs":null,"finish_reason":"tool_calls"}]})",
                           usage(2006, 300, 1920));
  CHECK(
      out ==
      R"({"id":"msg_0123456789abcdef01234567","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",)"
      R"("content":[{"type":"tool_use","id":"call_abc123","name":"get_current_weather","input":{"location":"Boston, MA"}},)"
      R"({"type":"tool_use","id":"call_def456","name":"get_time","input":{}}],)"
      R"("stop_reason":"tool_use","stop_sequence":null,)"
      R"("usage":{"input_tokens":86,"cache_creation_input_tokens":0,"cache_read_input_tokens":1920,"output_tokens":300}})");
}

TEST_CASE("anthropic messages: thinking blocks come first, signed as the provider signed them") {
  std::string out = render(R"({"id":"x","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
    "message":{"role":"assistant","content":"27 * 453 = 12,231","reasoning_content":"27 * 400 = 10,800...",
      "thinking_blocks":[{"type":"thinking","thinking":"27 * 400 = 10,800...","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."},
                         {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP..."}]}}]})",
                           usage(10, 20));
  CHECK(
      out ==
      R"({"id":"msg_0123456789abcdef01234567","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",)"
      R"("content":[{"type":"thinking","thinking":"27 * 400 = 10,800...","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."},)"
      R"({"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP..."},)"
      R"({"type":"text","text":"27 * 453 = 12,231"}],"stop_reason":"end_turn","stop_sequence":null,)"
      R"("usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":20}})");
}

TEST_CASE("anthropic messages: bare reasoning_content becomes a thinking block with an empty signature") {
  json out = json::parse(render(R"({"choices":[{"index":0,"finish_reason":"length",
    "message":{"role":"assistant","content":"The answer","reasoning_content":"Let me think."}}]})",
                                usage(1, 2)));
  CHECK(out["content"] == json::parse(R"([{"type":"thinking","thinking":"Let me think.","signature":""},
                                          {"type":"text","text":"The answer"}])"));
  CHECK(out["stop_reason"] == "max_tokens");
}

TEST_CASE("anthropic messages: finish reasons map to stop reasons") {
  auto stop = [](const char* choice_fields) {
    return json::parse(render(
        std::string(R"({"choices":[{"index":0,"message":{"role":"assistant","content":"x"},)") + choice_fields + "}]}",
        usage(1, 1)));
  };
  CHECK(stop(R"("finish_reason":"content_filter")")["stop_reason"] == "refusal");
  CHECK(stop(R"("finish_reason":null)")["stop_reason"] == "end_turn");
  json seq = stop(R"("finish_reason":"stop","stop_sequence":"END")");
  CHECK(seq["stop_reason"] == "stop_sequence");
  CHECK(seq["stop_sequence"] == "END");
  CHECK(stop(R"("finish_reason":"stop","stop_reason":"</answer>")")["stop_sequence"] == "</answer>");  // vLLM
  json stop_with_tools = json::parse(render(R"({"choices":[{"index":0,"finish_reason":"stop","message":{
    "role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}}]})",
                                            usage(1, 1)));
  CHECK(stop_with_tools["stop_reason"] == "tool_use");
}

TEST_CASE("anthropic messages: a malformed canonical answer renders an empty message, not an exception") {
  json out =
      json::parse(render(R"({"choices":[{"message":{"content":5,"tool_calls":[{"function":"f"}]}}]})", usage(0, 0)));
  CHECK(out["content"] == json::parse(R"([{"type":"tool_use","id":"","name":"","input":{}}])"));
  CHECK(json::parse(render("{}", usage(0, 0)))["content"] == json::array());
}

TEST_CASE("anthropic messages: a text stream becomes Anthropic's exact event sequence") {
  std::string out = stream(
      {chunk({{"role", "assistant"}, {"content", ""}}), chunk({{"content", "Hello"}}), chunk({{"content", "!"}}),
       chunk(json::object(), "stop"), json::parse(R"({"id":"chatcmpl-123","object":"chat.completion.chunk","choices":[],
                                            "usage":{"prompt_tokens":25,"completion_tokens":15,"total_tokens":40}})")},
      usage(25, 15));
  CHECK(out == std::string(kStart) + R"sse(event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":15}}

event: message_stop
data: {"type":"message_stop"}

)sse");
}

TEST_CASE("anthropic messages: parallel tool calls with split arguments stream as one tool_use block each") {
  std::string out = stream(
      {chunk({{"role", "assistant"}, {"content", nullptr}}),
       chunk(tool_delta(0, {{"name", "get_weather"}, {"arguments", ""}}, "call_a")),
       chunk(tool_delta(0, {{"arguments", "{\"location\": "}})), chunk(tool_delta(0, {{"arguments", "\"Paris\"}"}})),
       chunk(tool_delta(1, {{"name", "get_time"}, {"arguments", "{\"tz\""}}, "call_b")),
       chunk(tool_delta(1, {{"arguments", ":\"CET\"}"}})), chunk(json::object(), "tool_calls")},
      usage(100, 30, 40));
  CHECK(out == std::string(kStart) + R"sse(event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"call_a","name":"get_weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"location\": "}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_b","name":"get_time","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"tz\""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":":\"CET\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":60,"cache_creation_input_tokens":0,"cache_read_input_tokens":40,"output_tokens":30}}

event: message_stop
data: {"type":"message_stop"}

)sse");
}

TEST_CASE("anthropic messages: thinking with a signature streams before the text, signature last") {
  std::string out =
      stream({chunk({{"role", "assistant"}}),
              chunk({{"reasoning_content", "Let me solve this step by step:\n\n1. First break down 27 * 453"}}),
              chunk({{"reasoning_content", "\n2. 453 = 400 + 50 + 3"}}),
              chunk({{"thinking_signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}}),
              chunk({{"content", "27 * 453 = 12,231"}}), chunk(json::object(), "stop")},
             usage(40, 90));
  CHECK(out == std::string(kStart) + R"sse(event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me solve this step by step:\n\n1. First break down 27 * 453"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"\n2. 453 = 400 + 50 + 3"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"27 * 453 = 12,231"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":90}}

event: message_stop
data: {"type":"message_stop"}

)sse");
}

TEST_CASE("anthropic messages: every stream event's name matches its data type") {
  std::string out = stream({chunk({{"reasoning_content", "a"}}), chunk({{"content", "b"}}),
                            chunk(tool_delta(0, {{"name", "f"}, {"arguments", "{}"}}, "c"))},
                           usage(1, 1));
  SseSplitter splitter;
  std::vector<std::string> events;
  splitter.feed(out, events);
  CHECK(splitter.pending().empty());
  REQUIRE(events.size() == 13);
  for (const auto& e : events) CHECK(json::parse(sse_data(e))["type"] == sse_event_name(e));
}

TEST_CASE("anthropic messages: usage in the first chunk reaches message_start") {
  json first = chunk({{"content", "hi"}});
  first["usage"] = {{"prompt_tokens", 12}, {"completion_tokens", 0}};
  std::string out = stream({first}, usage(12, 3));
  CHECK(
      out.find(
          R"("usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1})") !=
      std::string::npos);
}

TEST_CASE("anthropic messages: before any usage, message_start reports gw's prompt estimate, not 0") {
  auto ctx = context();
  ctx.prompt_tokens_estimate = 42;
  auto encoder = anthropic_messages_dialect().stream_encoder(ctx);
  std::string out;
  encoder->encode(chunk({{"content", "hi"}}), out);
  encoder->finish(usage(40, 3), out);
  const size_t start = out.find("event: message_start");
  const size_t delta = out.find("event: message_delta");
  CHECK(out.find(R"("input_tokens":42)") > start);
  CHECK(out.find(R"("input_tokens":42)") < delta);
  CHECK(out.find(R"("input_tokens":40)") > delta);  // the provider's count, at the end
}

TEST_CASE("anthropic messages: cache writes are reported as Anthropic reports them, apart from input_tokens") {
  Usage u = usage(1050, 7, 900);
  u.cache_write_tokens = 20;
  u.cache_write_1h_tokens = 30;
  CHECK(anthropic_usage(u) ==
        nlohmann::ordered_json{
            {"input_tokens", 100},
            {"cache_creation_input_tokens", 50},
            {"cache_read_input_tokens", 900},
            {"output_tokens", 7},
            {"cache_creation", {{"ephemeral_5m_input_tokens", 20}, {"ephemeral_1h_input_tokens", 30}}}});
}

TEST_CASE("anthropic messages: a stream with no chunks still opens and closes properly") {
  std::string out = stream({}, usage(7, 0));
  CHECK(out.find("event: message_start\n") == 0);
  CHECK(out.find(R"("input_tokens":7)") < out.find("event: ping"));
  CHECK(out.find("content_block") == std::string::npos);
  CHECK(out.ends_with("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
}

TEST_CASE("anthropic messages: a matched stop sequence is reported in message_delta") {
  json last = chunk(json::object(), "stop");
  last["choices"][0]["stop_sequence"] = "END";
  std::string out = stream({chunk({{"content", "a"}}), last}, usage(1, 1));
  CHECK(out.find(R"("delta":{"stop_reason":"stop_sequence","stop_sequence":"END"})") != std::string::npos);
}

TEST_CASE("anthropic messages: reasoning after a signature opens a new thinking block") {
  std::string out = stream({chunk({{"reasoning_content", "one"}}), chunk({{"thinking_signature", "s1"}}),
                            chunk({{"reasoning_content", "two"}}), chunk({{"thinking_signature", "s2"}})},
                           usage(1, 1));
  CHECK(out.find(R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"s1"}})") <
        out.find(R"({"type":"content_block_start","index":1,"content_block":{"type":"thinking","thinking":""}})"));
  CHECK(out.find(R"({"type":"content_block_delta","index":1,"delta":{"type":"signature_delta","signature":"s2"}})") !=
        std::string::npos);
}

TEST_CASE("anthropic messages: a signature without reasoning still gets a thinking block to carry it") {
  std::string out = stream({chunk({{"content", "a"}}), chunk({{"thinking_signature", "sig"}})}, usage(1, 1));
  CHECK(out.find(R"({"type":"content_block_start","index":1,"content_block":{"type":"thinking","thinking":""}})") !=
        std::string::npos);
  CHECK(out.find(R"({"type":"content_block_delta","index":1,"delta":{"type":"signature_delta","signature":"sig"}})") <
        out.find(R"({"type":"content_block_stop","index":1})"));
}

TEST_CASE("anthropic messages: a provider interleaving tool calls keeps each call's arguments on its block") {
  std::string out = stream(
      {chunk(tool_delta(0, {{"name", "a"}, {"arguments", "{\"x\":"}}, "c0")),
       chunk(tool_delta(1, {{"name", "b"}, {"arguments", "{}"}}, "c1")), chunk(tool_delta(0, {{"arguments", "1}"}}))},
      usage(1, 1));
  CHECK(
      out.find(R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"1}"}})") >
      out.find(R"({"type":"content_block_start","index":1,)"));
  CHECK(out.find(R"("index":2)") == std::string::npos);
}

TEST_CASE("anthropic messages: a failed stream ends with an Anthropic error event and nothing after") {
  auto encoder = anthropic_messages_dialect().stream_encoder(context());
  std::string out;
  encoder->encode(chunk({{"content", "par"}}), out);
  out.clear();
  encoder->fail(make_error(ErrorKind::kUnavailable, "Overloaded"), out);
  CHECK(out ==
        "event: error\n"
        R"(data: {"error":{"message":"Overloaded","type":"overloaded_error"},"type":"error"})"
        "\n\n");
  encoder->encode(chunk({{"content", "tial"}}), out);
  encoder->finish(usage(1, 1), out);
  encoder->fail(make_error(ErrorKind::kInternal, "again"), out);
  CHECK(out.find("tial") == std::string::npos);
  CHECK(out.find("message_stop") == std::string::npos);
  CHECK(out.find("again") == std::string::npos);
}

TEST_CASE("anthropic messages: chunks after finish are ignored") {
  auto encoder = anthropic_messages_dialect().stream_encoder(context());
  std::string out;
  encoder->finish(usage(1, 1), out);
  size_t size = out.size();
  encoder->encode(chunk({{"content", "late"}}), out);
  encoder->finish(usage(1, 1), out);
  CHECK(out.size() == size);
}

}  // namespace gw
