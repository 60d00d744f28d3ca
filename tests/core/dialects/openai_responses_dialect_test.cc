// Tests for the OpenAI Responses client dialect (core/dialects/openai_responses_dialect.cc
// and core/dialects/responses_stream_encoder.cc): request translation to canonical
// chat form, Response objects, and the Responses SSE event stream.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/dialects/dialect.h"
#include "core/http/sse.h"

namespace gw {
namespace {

const ClientDialect& dialect() { return openai_responses_dialect(); }

ChatRequest parse_ok(std::string_view body) {
  Result<ChatRequest> r = dialect().parse_request(body);
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  return r.value();
}

// The canonical body a Responses request becomes.
json canonical(std::string_view body) { return parse_ok(body).body; }

// The `param` of the kInvalidRequest error the body is rejected with.
std::string rejected_param(std::string_view body) {
  Result<ChatRequest> r = dialect().parse_request(body);
  REQUIRE_MESSAGE(!r.ok(), body);
  CHECK(r.error().kind == ErrorKind::kInvalidRequest);
  CHECK(r.error().http_status() == 400);
  CHECK(!r.error().message.empty());
  return r.error().param;
}

std::string rejected_message(std::string_view body) {
  Result<ChatRequest> r = dialect().parse_request(body);
  REQUIRE_MESSAGE(!r.ok(), body);
  return r.error().message;
}

// A minimal valid body plus `extra` top-level fields (",\"k\":v...").
std::string body_with(std::string_view extra) { return R"({"model":"gpt-4o","input":"hi")" + std::string(extra) + "}"; }

RenderContext context() {
  RenderContext ctx;
  ctx.request_id = "req_abc";
  ctx.model = "claude-sonnet";
  ctx.created_s = 1700000000;
  return ctx;
}

json completion(json message, std::string finish_reason) {
  return {
      {"id", "x"},
      {"object", "chat.completion"},
      {"choices", json::array({{{"index", 0}, {"message", std::move(message)}, {"finish_reason", finish_reason}}})}};
}

Usage usage(int64_t in, int64_t out) {
  Usage u;
  u.prompt_tokens = in;
  u.completion_tokens = out;
  return u;
}

json render(const json& canonical_completion, const Usage& u) {
  return json::parse(dialect().render_response(canonical_completion, u, context()));
}

json chunk(json delta, json finish_reason = nullptr) {
  return {{"object", "chat.completion.chunk"},
          {"choices", json::array({{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish_reason}}})}};
}

// Splits the encoder's bytes into events, checking the framing: each block
// is "event: <type>" + one data line whose JSON has the same type, and
// sequence numbers count up from 0.
std::vector<json> events_of(const std::string& bytes) {
  SseSplitter splitter;
  std::vector<std::string> blocks;
  splitter.feed(bytes, blocks);
  CHECK(splitter.pending().empty());
  std::vector<json> events;
  for (const auto& block : blocks) {
    json data = json::parse(sse_data(block));
    CHECK(block.starts_with("event: "));
    CHECK(sse_event_name(block) == data["type"].get<std::string>());
    CHECK(data["sequence_number"] == events.size());
    events.push_back(std::move(data));
  }
  return events;
}

std::vector<std::string> types_of(const std::vector<json>& events) {
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e["type"].get<std::string>());
  return types;
}

// Runs chunks through a fresh encoder and finishes with `u`.
std::vector<json> stream(const std::vector<json>& chunks, const Usage& u) {
  auto encoder = dialect().stream_encoder(context());
  std::string out;
  for (const auto& c : chunks) encoder->encode(c, out);
  encoder->finish(u, out);
  return events_of(out);
}

}  // namespace

// ---- requests ---------------------------------------------------------------

TEST_CASE("responses request: a string input becomes one user message") {
  ChatRequest r = parse_ok(R"({"model":"gpt-4o","input":"Hello, world!!"})");
  CHECK(r.model == "gpt-4o");
  CHECK(r.body == json::parse(R"({"model":"gpt-4o","messages":[{"role":"user","content":"Hello, world!!"}]})"));
  CHECK_FALSE(r.stream);
  CHECK_FALSE(r.max_tokens.has_value());
  CHECK(r.prompt_tokens_estimate == 4);  // 14 characters
}

TEST_CASE("responses request: instructions become a leading system message and count toward the estimate") {
  ChatRequest r = parse_ok(R"({"model":"m","instructions":"Be brief.","input":"Hello, world!!"})");
  CHECK(r.body["messages"] == json::parse(R"([{"role":"system","content":"Be brief."},
                                              {"role":"user","content":"Hello, world!!"}])"));
  CHECK(r.prompt_tokens_estimate == 6);  // 9 + 14 characters
}

TEST_CASE("responses request: message items with roles and content parts") {
  json body = canonical(R"({"model":"m","input":[
      {"role":"developer","content":"Rules."},
      {"role":"user","content":[{"type":"input_text","text":"What is "},{"type":"input_text","text":"this?"},
        {"type":"input_image","image_url":"https://example.com/a.png","detail":"low"},
        {"type":"input_file","file_data":"data:application/pdf;base64,AAAA","filename":"a.pdf"}]},
      {"type":"message","role":"assistant","id":"msg_1","status":"completed",
        "content":[{"type":"output_text","text":"A cat.","annotations":[]}]},
      {"type":"message","role":"system","content":[{"type":"input_text","text":"More rules."}]}]})");
  CHECK(body["messages"] == json::parse(R"([
      {"role":"system","content":"Rules."},
      {"role":"user","content":[{"type":"text","text":"What is "},{"type":"text","text":"this?"},
        {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}},
        {"type":"file","file":{"file_data":"data:application/pdf;base64,AAAA","filename":"a.pdf"}}]},
      {"role":"assistant","content":"A cat."},
      {"role":"system","content":"More rules."}])"));
}

TEST_CASE("responses request: function calls and their outputs round-trip as tool calls and tool messages") {
  json body = canonical(R"({"model":"m","input":[
      {"role":"user","content":"Weather in Paris and Rome?"},
      {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"openai-opaque"},
      {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
      {"type":"function_call","id":"fc_1","call_id":"call_1","name":"weather","arguments":"{\"city\":\"Paris\"}"},
      {"type":"function_call","id":"fc_2","call_id":"call_2","name":"weather","arguments":"{\"city\":\"Rome\"}"},
      {"type":"function_call_output","call_id":"call_1","output":"18C"},
      {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"21C"}]},
      {"type":"function_call","call_id":"call_3","name":"weather","arguments":"{}"},
      {"type":"function_call_output","call_id":"call_3","output":"?"}]})");
  CHECK(body["messages"] == json::parse(R"([
      {"role":"user","content":"Weather in Paris and Rome?"},
      {"role":"assistant","content":"Checking.","tool_calls":[
        {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
        {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Rome\"}"}}]},
      {"role":"tool","tool_call_id":"call_1","content":"18C"},
      {"role":"tool","tool_call_id":"call_2","content":"21C"},
      {"role":"assistant","content":null,"tool_calls":[
        {"id":"call_3","type":"function","function":{"name":"weather","arguments":"{}"}}]},
      {"role":"tool","tool_call_id":"call_3","content":"?"}])"));
}

TEST_CASE("responses request: gw's own thinking blocks come back onto the assistant message") {
  json blocks = json::parse(R"([{"type":"thinking","thinking":"Let me look.","signature":"sig-1"}])");
  json input = json::array({{{"role", "user"}, {"content", "hi"}},
                            {{"type", "reasoning"},
                             {"id", "rs_x_0"},
                             {"summary", {{{"type", "summary_text"}, {"text", "Let me look."}}}},
                             {"encrypted_content", "gw-thinking:" + blocks.dump()}},
                            {{"type", "function_call"}, {"call_id", "c1"}, {"name", "f"}, {"arguments", "{}"}}});
  json body = canonical(json{{"model", "m"}, {"input", input}}.dump());
  const json& assistant = body["messages"][1];
  CHECK(assistant["thinking_blocks"] == blocks);
  CHECK(assistant["reasoning_content"] == "Let me look.");
  CHECK(assistant["tool_calls"].size() == 1);
}

TEST_CASE("responses request: function tools, tool_choice and settings translate") {
  ChatRequest r = parse_ok(R"({"model":"m","input":"hi","stream":true,"max_output_tokens":100,
      "temperature":0.2,"top_p":0.9,"parallel_tool_calls":false,"user":"u1","store":true,
      "metadata":{"k":"v"},"reasoning":{"effort":"high","summary":"auto"},
      "tools":[{"type":"function","name":"weather","description":"Weather by city",
                "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}],
      "tool_choice":{"type":"function","name":"weather"}})");
  CHECK(r.stream);
  CHECK(r.include_usage);
  REQUIRE(r.max_tokens.has_value());
  CHECK(*r.max_tokens == 100);
  CHECK(r.body == json::parse(R"({"model":"m","messages":[{"role":"user","content":"hi"}],
      "stream":true,"stream_options":{"include_usage":true},"max_tokens":100,"temperature":0.2,"top_p":0.9,
      "parallel_tool_calls":false,"user":"u1","reasoning_effort":"high",
      "tools":[{"type":"function","function":{"name":"weather","description":"Weather by city",
                "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}}],
      "tool_choice":{"type":"function","function":{"name":"weather"}}})"));
  for (const char* choice : {"auto", "none", "required"})
    CHECK(canonical(R"({"model":"m","input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":")" +
                    std::string(choice) + "\"}")["tool_choice"] == choice);
}

TEST_CASE("responses request: text.format becomes response_format") {
  json schema = canonical(body_with(R"(,"text":{"format":{"type":"json_schema","name":"person",
      "schema":{"type":"object","properties":{"name":{"type":"string"}}},"strict":true}})"));
  CHECK(schema["response_format"] == json::parse(R"({"type":"json_schema","json_schema":{"name":"person",
      "schema":{"type":"object","properties":{"name":{"type":"string"}}},"strict":true}})"));
  CHECK(canonical(body_with(R"(,"text":{"format":{"type":"json_object"}})"))["response_format"] ==
        json::parse(R"({"type":"json_object"})"));
  CHECK_FALSE(canonical(body_with(R"(,"text":{"format":{"type":"text"}})")).contains("response_format"));
}

TEST_CASE("responses request: provider override is read and kept out of the canonical body") {
  ChatRequest r = parse_ok(body_with(R"(,"provider":"anthropic")"));
  CHECK(r.provider_override == "anthropic");
  CHECK_FALSE(r.body.contains("provider"));
}

TEST_CASE("responses request: each invalid field is rejected naming it") {
  CHECK(rejected_param("not json").empty());
  CHECK(rejected_param(R"(["x"])").empty());
  CHECK(rejected_param(R"({"input":"hi"})") == "model");
  CHECK(rejected_param(R"({"model":5,"input":"hi"})") == "model");
  CHECK(rejected_param(R"({"model":"m"})") == "input");
  CHECK(rejected_param(R"({"model":"m","input":[]})") == "input");
  CHECK(rejected_param(R"({"model":"m","input":5})") == "input");
  CHECK(rejected_param(body_with(R"(,"instructions":5)")) == "instructions");
  CHECK(rejected_param(R"({"model":"m","input":[5]})") == "input[0]");
  CHECK(rejected_param(R"({"model":"m","input":[{"content":"x"}]})") == "input[0].role");
  CHECK(rejected_param(R"({"model":"m","input":[{"role":"tool","content":"x"}]})") == "input[0].role");
  CHECK(rejected_param(R"({"model":"m","input":[{"role":"user"}]})") == "input[0].content");
  CHECK(rejected_param(R"({"model":"m","input":[{"role":"user","content":[{"type":"input_video"}]}]})") ==
        "input[0].content[0].type");
  CHECK(rejected_param(R"({"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"f"}]}]})") ==
        "input[0].content[0].image_url");
  CHECK(rejected_param(R"({"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_url":"u"}]}]})") ==
        "input[0].content[0].file_url");
  CHECK(rejected_param(R"({"model":"m","input":[{"role":"system","content":[
      {"type":"input_image","image_url":"https://e.com/a.png"}]}]})") == "input[0].content[0]");
  CHECK(rejected_param(R"({"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]})") ==
        "input[0].call_id");
  CHECK(rejected_param(R"({"model":"m","input":[{"type":"function_call","call_id":"c","arguments":"{}"}]})") ==
        "input[0].name");
  CHECK(rejected_param(R"({"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":5}]})") ==
        "input[0].arguments");
  CHECK(rejected_param(R"({"model":"m","input":[{"type":"function_call_output","call_id":"c"}]})") ==
        "input[0].output");
  CHECK(rejected_param(R"({"model":"m","input":[{"type":"function_call_output","output":"x"}]})") ==
        "input[0].call_id");
  CHECK(rejected_param(R"({"model":"m","input":[{"type":"item_reference","id":"msg_1"}]})") == "input[0].type");
  CHECK(rejected_param(body_with(R"(,"tools":{})")) == "tools");
  CHECK(rejected_param(body_with(R"(,"tools":[{"type":"function"}])")) == "tools[0].name");
  CHECK(rejected_param(body_with(R"(,"tools":[{"type":"function","name":"f","parameters":5}])")) ==
        "tools[0].parameters");
  CHECK(rejected_param(body_with(R"(,"tool_choice":"sometimes")")) == "tool_choice");
  CHECK(rejected_param(body_with(R"(,"tool_choice":{"type":"function"})")) == "tool_choice.name");
  CHECK(rejected_param(body_with(R"(,"tool_choice":{"type":"file_search"})")) == "tool_choice.type");
  CHECK(rejected_param(body_with(R"(,"max_output_tokens":0)")) == "max_output_tokens");
  CHECK(rejected_param(body_with(R"(,"max_output_tokens":"5")")) == "max_output_tokens");
  CHECK(rejected_param(body_with(R"(,"temperature":"hot")")) == "temperature");
  CHECK(rejected_param(body_with(R"(,"top_p":"x")")) == "top_p");
  CHECK(rejected_param(body_with(R"(,"user":5)")) == "user");
  CHECK(rejected_param(body_with(R"(,"parallel_tool_calls":"yes")")) == "parallel_tool_calls");
  CHECK(rejected_param(body_with(R"(,"text":5)")) == "text");
  CHECK(rejected_param(body_with(R"(,"text":{"format":{"type":"json_schema","schema":{}}})")) == "text.format.name");
  CHECK(rejected_param(body_with(R"(,"text":{"format":{"type":"json_schema","name":"n"}})")) == "text.format.schema");
  CHECK(rejected_param(body_with(R"(,"text":{"format":{"type":"grammar"}})")) == "text.format.type");
  CHECK(rejected_param(body_with(R"(,"reasoning":"high")")) == "reasoning");
  CHECK(rejected_param(body_with(R"(,"reasoning":{"effort":3})")) == "reasoning.effort");
  CHECK(rejected_param(body_with(R"(,"stream":"yes")")) == "stream");
  CHECK(rejected_param(body_with(R"(,"provider":5)")) == "provider");
  CHECK(rejected_param(body_with(R"(,"conversation":"conv_1")")) == "conversation");
  CHECK(rejected_param(body_with(R"(,"prompt":{"id":"pmpt_1"})")) == "prompt");
  CHECK(rejected_param(body_with(R"(,"background":true)")) == "background");
}

TEST_CASE("responses request: built-in tools are refused by name") {
  std::string body = body_with(R"(,"tools":[{"type":"function","name":"f"},{"type":"web_search"}])");
  CHECK(rejected_param(body) == "tools[1].type");
  CHECK(rejected_message(body) == "tool type 'web_search' is not supported by gw");
}

TEST_CASE("responses request: previous_response_id is refused because gw keeps no state") {
  std::string body = body_with(R"(,"previous_response_id":"resp_1")");
  CHECK(rejected_param(body) == "previous_response_id");
  CHECK(rejected_message(body) == "previous_response_id is not supported; send the full input");
  CHECK(parse_ok(body_with(R"(,"previous_response_id":null)")).model == "gpt-4o");
}

// ---- whole responses --------------------------------------------------------

TEST_CASE("responses render: a text answer is one message item with usage") {
  Usage u = usage(10, 5);
  u.cached_tokens = 4;
  u.reasoning_tokens = 2;
  json r = render(completion({{"role", "assistant"}, {"content", "Hello!"}}, "stop"), u);
  CHECK(r["id"] == "resp_abc");
  CHECK(r["object"] == "response");
  CHECK(r["created_at"] == 1700000000);
  CHECK(r["status"] == "completed");
  CHECK(r["model"] == "claude-sonnet");
  CHECK(r["error"].is_null());
  CHECK(r["incomplete_details"].is_null());
  CHECK(r["output"] == json::parse(R"([{"id":"msg_abc_0","type":"message","status":"completed","role":"assistant",
      "content":[{"type":"output_text","text":"Hello!","annotations":[]}]}])"));
  CHECK(r["usage"] == json::parse(R"({"input_tokens":10,"input_tokens_details":{"cached_tokens":4},
      "output_tokens":5,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":15})"));
  CHECK_FALSE(r.contains("output_text"));  // the SDKs compute it; not on the wire
  for (const char* echo : {"parallel_tool_calls", "tool_choice", "tools", "temperature", "top_p", "text"})
    CHECK(r.contains(echo));
}

TEST_CASE("responses render: reasoning and tool calls become reasoning and function_call items") {
  json message = json::parse(R"({"role":"assistant","content":null,"reasoning_content":"Need weather.",
      "tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"time","arguments":"{}"}}]})");
  json r = render(completion(message, "tool_calls"), usage(3, 4));
  CHECK(r["status"] == "completed");
  CHECK(r["output"] == json::parse(R"([
      {"id":"rs_abc_0","type":"reasoning","summary":[{"type":"summary_text","text":"Need weather."}]},
      {"id":"fc_abc_1","type":"function_call","status":"completed","call_id":"call_1","name":"weather",
       "arguments":"{\"city\":\"Paris\"}"},
      {"id":"fc_abc_2","type":"function_call","status":"completed","call_id":"call_2","name":"time",
       "arguments":"{}"}])"));
}

TEST_CASE("responses render: signed thinking travels in encrypted_content") {
  json message = json::parse(R"({"role":"assistant","content":"Hi",
      "thinking_blocks":[{"type":"thinking","thinking":"Hmm.","signature":"sig"}]})");
  json r = render(completion(message, "stop"), usage(1, 1));
  const json& item = r["output"][0];
  CHECK(item["summary"][0]["text"] == "Hmm.");
  CHECK(item["encrypted_content"] == R"(gw-thinking:[{"signature":"sig","thinking":"Hmm.","type":"thinking"}])");
  // Sent back as input, the blocks return to the assistant message.
  json input = json::array({{{"role", "user"}, {"content", "q"}}, item, r["output"][1]});
  json body = canonical(json{{"model", "m"}, {"input", input}}.dump());
  CHECK(body["messages"][1]["thinking_blocks"] == message["thinking_blocks"]);
  CHECK(body["messages"][1]["content"] == "Hi");
}

TEST_CASE("responses render: an answer cut by the token limit is incomplete") {
  json r = render(completion({{"role", "assistant"}, {"content", "Once upon"}}, "length"), usage(2, 8));
  CHECK(r["status"] == "incomplete");
  CHECK(r["incomplete_details"] == json::parse(R"({"reason":"max_output_tokens"})"));
  CHECK(r["output"][0]["status"] == "incomplete");
}

TEST_CASE("responses render: errors are OpenAI error bodies") {
  Error e = make_error(ErrorKind::kNotFound, "no such model", "model_not_found", "model");
  json body = json::parse(dialect().render_error(e));
  CHECK(body["error"]["message"] == "no such model");
  CHECK(body["error"]["code"] == "model_not_found");
  CHECK(body["error"]["param"] == "model");
  CHECK(dialect().format() == ClientFormat::kOpenAIResponses);
}

// ---- streams ----------------------------------------------------------------

TEST_CASE("responses stream: text deltas become a message item's event sequence") {
  std::vector<json> events = stream({chunk({{"role", "assistant"}, {"content", ""}}), chunk({{"content", "Hel"}}),
                                     chunk({{"content", "lo"}}), chunk(json::object(), "stop")},
                                    usage(3, 2));
  CHECK(types_of(events) == std::vector<std::string>{"response.created", "response.in_progress",
                                                     "response.output_item.added", "response.content_part.added",
                                                     "response.output_text.delta", "response.output_text.delta",
                                                     "response.output_text.done", "response.content_part.done",
                                                     "response.output_item.done", "response.completed"});
  CHECK(events[0]["response"]["status"] == "in_progress");
  CHECK(events[0]["response"]["output"] == json::array());
  CHECK(events[0]["response"]["id"] == "resp_abc");
  CHECK(events[2]["item"] == json::parse(R"({"id":"msg_abc_0","type":"message","status":"in_progress",
      "role":"assistant","content":[]})"));
  CHECK(events[2]["output_index"] == 0);
  CHECK(events[3]["part"] == json::parse(R"({"type":"output_text","text":"","annotations":[]})"));
  CHECK(events[4]["delta"] == "Hel");
  CHECK(events[4]["item_id"] == "msg_abc_0");
  CHECK(events[4]["output_index"] == 0);
  CHECK(events[4]["content_index"] == 0);
  CHECK(events[5]["delta"] == "lo");
  CHECK(events[6]["text"] == "Hello");
  CHECK(events[7]["part"]["text"] == "Hello");
  CHECK(events[8]["item"]["status"] == "completed");
  // The final response is what render_response gives for the same answer.
  json whole = render(completion({{"role", "assistant"}, {"content", "Hello"}}, "stop"), usage(3, 2));
  CHECK(events[9]["response"] == whole);
}

TEST_CASE("responses stream: a tool call with split arguments becomes a function_call item") {
  json head = json::parse(R"({"tool_calls":[{"index":0,"id":"call_1","type":"function",
      "function":{"name":"weather","arguments":""}}]})");
  json part1 = json::parse(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]})");
  json part2 = json::parse(R"({"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]})");
  std::vector<json> events = stream(
      {chunk({{"role", "assistant"}}), chunk(head), chunk(part1), chunk(part2), chunk({}, "tool_calls")}, usage(5, 6));
  CHECK(types_of(events) ==
        std::vector<std::string>{"response.created", "response.in_progress", "response.output_item.added",
                                 "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                                 "response.function_call_arguments.done", "response.output_item.done",
                                 "response.completed"});
  CHECK(events[2]["item"] == json::parse(R"({"id":"fc_abc_0","type":"function_call","status":"in_progress",
      "arguments":"","call_id":"call_1","name":"weather"})"));
  CHECK(events[3]["delta"] == "{\"city\":");
  CHECK(events[3]["item_id"] == "fc_abc_0");
  CHECK(events[4]["delta"] == "\"Paris\"}");
  CHECK(events[5]["arguments"] == "{\"city\":\"Paris\"}");
  CHECK(events[5]["name"] == "weather");
  CHECK(events[6]["item"]["status"] == "completed");
  json message = json::parse(R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
      "function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]})");
  CHECK(events[7]["response"] == render(completion(message, "tool_calls"), usage(5, 6)));
}

TEST_CASE("responses stream: reasoning, text, then two tool calls take consecutive output indexes") {
  std::vector<json> events = stream(
      {chunk({{"reasoning_content", "Think"}}), chunk({{"thinking_signature", "sig"}}), chunk({{"content", "Ok."}}),
       chunk(json::parse(R"({"tool_calls":[{"index":0,"id":"c1","function":{"name":"a","arguments":"{}"}}]})")),
       chunk(json::parse(R"({"tool_calls":[{"index":1,"id":"c2","function":{"name":"b","arguments":"{}"}}]})")),
       chunk({}, "tool_calls")},
      usage(1, 1));
  CHECK(types_of(events) == std::vector<std::string>{"response.created",
                                                     "response.in_progress",
                                                     "response.output_item.added",
                                                     "response.reasoning_summary_part.added",
                                                     "response.reasoning_summary_text.delta",
                                                     "response.reasoning_summary_text.done",
                                                     "response.reasoning_summary_part.done",
                                                     "response.output_item.done",
                                                     "response.output_item.added",
                                                     "response.content_part.added",
                                                     "response.output_text.delta",
                                                     "response.output_text.done",
                                                     "response.content_part.done",
                                                     "response.output_item.done",
                                                     "response.output_item.added",
                                                     "response.function_call_arguments.delta",
                                                     "response.function_call_arguments.done",
                                                     "response.output_item.done",
                                                     "response.output_item.added",
                                                     "response.function_call_arguments.delta",
                                                     "response.function_call_arguments.done",
                                                     "response.output_item.done",
                                                     "response.completed"});
  CHECK(events[4]["delta"] == "Think");
  CHECK(events[7]["item"]["encrypted_content"] ==
        R"(gw-thinking:[{"signature":"sig","thinking":"Think","type":"thinking"}])");
  const json& output = events.back()["response"]["output"];
  REQUIRE(output.size() == 4);
  CHECK(output[0]["id"] == "rs_abc_0");
  CHECK(output[1]["id"] == "msg_abc_1");
  CHECK(output[2]["id"] == "fc_abc_2");
  CHECK(output[3]["id"] == "fc_abc_3");
  CHECK(output[3]["call_id"] == "c2");
}

TEST_CASE("responses stream: a cut-off answer ends with response.incomplete") {
  std::vector<json> events = stream({chunk({{"content", "Once"}}), chunk({}, "length")}, usage(1, 1));
  CHECK(events.back()["type"] == "response.incomplete");
  CHECK(events.back()["response"]["status"] == "incomplete");
  CHECK(events.back()["response"]["incomplete_details"]["reason"] == "max_output_tokens");
  CHECK(events.back()["response"]["output"][0]["status"] == "incomplete");
}

TEST_CASE("responses stream: a failure mid-stream ends with response.failed") {
  auto encoder = dialect().stream_encoder(context());
  std::string out;
  encoder->encode(chunk({{"content", "Hel"}}), out);
  encoder->fail(make_error(ErrorKind::kUpstreamTimeout, "provider timed out"), out);
  encoder->finish(usage(1, 1), out);  // ignored after the stream ended
  std::vector<json> events = events_of(out);
  REQUIRE(events.size() == 6);
  const json& failed = events.back();
  CHECK(failed["type"] == "response.failed");
  CHECK(failed["response"]["status"] == "failed");
  CHECK(failed["response"]["error"] == json::parse(R"({"code":"server_error","message":"provider timed out"})"));
  CHECK(failed["response"]["output"][0]["status"] == "incomplete");
  CHECK(failed["response"]["output"][0]["content"][0]["text"] == "Hel");
}

TEST_CASE("responses stream: an empty stream still opens and completes the response") {
  std::vector<json> events = stream({}, usage(2, 0));
  CHECK(types_of(events) == std::vector<std::string>{"response.created", "response.in_progress", "response.completed"});
  CHECK(events[2]["response"]["output"] == json::array());
  CHECK(events[2]["response"]["usage"]["input_tokens"] == 2);
}

TEST_CASE("responses request: thinking blocks nesting past the limit in encrypted_content are dropped") {
  // Parsed without the limit, 20,000 levels overflowed a fiber's stack.
  std::string blocks = R"([{"type":"thinking","thinking":"deep","signature":"s","x":)" + std::string(600, '[') +
                       std::string(600, ']') + "}]";
  json input = json::array({{{"role", "user"}, {"content", "hi"}},
                            {{"type", "reasoning"},
                             {"id", "rs_x_0"},
                             {"summary", json::array()},
                             {"encrypted_content", "gw-thinking:" + blocks}},
                            {{"type", "function_call"}, {"call_id", "c1"}, {"name", "f"}, {"arguments", "{}"}}});
  json body = canonical(json{{"model", "m"}, {"input", input}}.dump());
  const json& assistant = body["messages"][1];
  CHECK_FALSE(assistant.contains("thinking_blocks"));
  CHECK_FALSE(assistant.contains("reasoning_content"));
  CHECK(assistant["tool_calls"].size() == 1);
}

TEST_CASE("responses request: a second model key in another case is refused, naming it") {
  CHECK(rejected_param(R"({"model":"m","mOdEl":"x","input":"hi"})") == "mOdEl");
}

}  // namespace gw
