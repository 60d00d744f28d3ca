// The mock's OpenAI Responses dialect, POST /v1/responses (see mock_turn.h
// for what it answers). Reads `instructions`, `input` (a string, or items:
// messages with string or input_text content, function_call_output and
// custom_tool_call_output items, which become tool messages; reasoning and
// call items are context only), function and custom tools, tool_choice and
// `reasoning`. Answers with a Response object or the Responses stream:
//   response.created, response.in_progress, then per output item
//   response.output_item.added, its deltas (reasoning summary text, output
//   text, function call arguments, custom tool input) and
//   response.output_item.done, then response.completed with usage.
// A reasoning item comes first when `reasoning` is asked for; it carries
// encrypted_content when `include` names "reasoning.encrypted_content".
// The request's instructions, reasoning, tools and store are echoed back.
#include <map>

#include "core/json/json_parse.h"
#include "core/mock/mock_turn.h"

namespace gw::mock {
namespace {

std::string item_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& part : content) {
      std::string type = string_field(part, "type");
      if (type == "input_text" || type == "output_text" || type == "text") out += string_field(part, "text");
    }
  return out;
}

struct ResponsesRequest {
  MockConversation conversation;
  std::map<std::string, std::string> tool_types;  // name -> "function" | "custom"
  bool encrypted = false;
};

ResponsesRequest read_request(const json& req) {
  ResponsesRequest r;
  MockConversation& c = r.conversation;
  if (req.contains("instructions") && req["instructions"].is_string())
    c.messages.push_back({"system", req["instructions"].get<std::string>()});
  const json& input = req.contains("input") ? req["input"] : json();
  if (input.is_string()) c.messages.push_back({"user", input.get<std::string>()});
  if (input.is_array())
    for (const auto& item : input) {
      std::string type = string_field(item, "type", item.contains("role") ? "message" : "");
      if (type == "message") {
        std::string role = string_field(item, "role");
        c.messages.push_back(
            {role == "developer" ? "system" : role, item_text(item.contains("content") ? item["content"] : json())});
      } else if (type == "function_call_output" || type == "custom_tool_call_output") {
        c.messages.push_back({"tool", item_text(item.contains("output") ? item["output"] : json())});
      }
    }
  if (req.contains("tools") && req["tools"].is_array())
    for (const auto& t : req["tools"]) {
      std::string type = string_field(t, "type");
      if (type != "function" && type != "custom") continue;  // built-in tools are the provider's own
      c.tools.push_back(string_field(t, "name"));
      r.tool_types[c.tools.back()] = type;
    }
  if (req.contains("tool_choice")) {
    const json& tc = req["tool_choice"];
    if (tc.is_string() && tc.get<std::string>() == "none") c.tools_disabled = true;
    if (tc.is_object()) c.forced_tool = string_field(tc, "name");
  }
  c.thinking = req.contains("reasoning") && req["reasoning"].is_object();
  if (req.contains("include") && req["include"].is_array())
    for (const auto& inc : req["include"])
      if (inc.is_string() && inc.get<std::string>() == "reasoning.encrypted_content") r.encrypted = true;
  return r;
}

// The finished output items of a turn, in order.
json output_items(const MockTurn& t, const ResponsesRequest& req, int64_t seq) {
  json out = json::array();
  std::string n = std::to_string(seq);
  if (!t.thinking.empty()) {
    json item = {{"type", "reasoning"},
                 {"id", "rs_mock_" + n},
                 {"summary", json::array({{{"type", "summary_text"}, {"text", t.thinking}}})}};
    if (req.encrypted) item["encrypted_content"] = "mock-enc-" + n;
    out.push_back(item);
  }
  for (const auto& call : t.tool_calls) {
    auto type = req.tool_types.find(call.name);
    if (type != req.tool_types.end() && type->second == "custom") {
      out.push_back({{"type", "custom_tool_call"},
                     {"id", "ctc_" + call.id},
                     {"call_id", call.id},
                     {"name", call.name},
                     {"input", parse_json(call.arguments).value("input", "")},
                     {"status", "completed"}});
    } else {
      out.push_back({{"type", "function_call"},
                     {"id", "fc_" + call.id},
                     {"call_id", call.id},
                     {"name", call.name},
                     {"arguments", call.arguments},
                     {"status", "completed"}});
    }
  }
  if (t.tool_calls.empty())
    out.push_back(
        {{"type", "message"},
         {"id", "msg_mock_" + n},
         {"status", "completed"},
         {"role", "assistant"},
         {"content", json::array({{{"type", "output_text"}, {"text", t.text}, {"annotations", json::array()}}})}});
  return out;
}

json usage_json(const MockTurn& t) {
  return {{"input_tokens", t.prompt_tokens},
          {"input_tokens_details", {{"cached_tokens", 0}}},
          {"output_tokens", t.completion_tokens},
          {"output_tokens_details", {{"reasoning_tokens", t.reasoning_tokens}}},
          {"total_tokens", t.prompt_tokens + t.completion_tokens}};
}

json response_json(const json& req, const std::string& status, json output, int64_t seq) {
  json r = {{"id", "resp_mock_" + std::to_string(seq)},
            {"object", "response"},
            {"created_at", kCreated},
            {"status", status},
            {"model", string_field(req, "model", "echo")},
            {"output", std::move(output)},
            {"parallel_tool_calls", req.contains("parallel_tool_calls") ? req["parallel_tool_calls"] : json(true)},
            {"store", req.contains("store") ? req["store"] : json(true)}};
  for (const char* echo : {"instructions", "reasoning", "tools", "tool_choice", "prompt_cache_key", "metadata"})
    if (req.contains(echo)) r[echo] = req[echo];
  return r;
}

class EventWriter {
 public:
  explicit EventWriter(std::vector<std::string>& out) : out_(out) {}
  void operator()(const std::string& type, json data) {
    data["type"] = type;
    data["sequence_number"] = n_++;
    out_.push_back("event: " + type + "\ndata: " + data.dump() + "\n\n");
  }

 private:
  std::vector<std::string>& out_;
  int64_t n_ = 0;
};

// The events of one finished item at output_index i: added, its deltas, done.
void item_events(EventWriter& emit, const json& item, size_t i) {
  const std::string type = item["type"];
  const std::string id = item["id"];
  json opening = item;
  opening["status"] = "in_progress";
  if (type == "message") opening["content"] = json::array();
  if (type == "function_call") opening["arguments"] = "";
  if (type == "custom_tool_call") opening["input"] = "";
  if (type == "reasoning") opening["summary"] = json::array();
  emit("response.output_item.added", {{"output_index", i}, {"item", opening}});
  if (type == "message") {
    const json& part = item["content"][0];
    const std::string text = part["text"];
    json empty = part;
    empty["text"] = "";
    emit("response.content_part.added", {{"item_id", id}, {"output_index", i}, {"content_index", 0}, {"part", empty}});
    for (const auto& piece : split_words(text))
      emit("response.output_text.delta",
           {{"item_id", id}, {"output_index", i}, {"content_index", 0}, {"delta", piece}});
    emit("response.output_text.done", {{"item_id", id}, {"output_index", i}, {"content_index", 0}, {"text", text}});
    emit("response.content_part.done", {{"item_id", id}, {"output_index", i}, {"content_index", 0}, {"part", part}});
  } else if (type == "function_call") {
    emit("response.function_call_arguments.delta",
         {{"item_id", id}, {"output_index", i}, {"delta", item["arguments"]}});
    emit("response.function_call_arguments.done",
         {{"item_id", id}, {"output_index", i}, {"arguments", item["arguments"]}});
  } else if (type == "custom_tool_call") {
    emit("response.custom_tool_call_input.delta", {{"item_id", id}, {"output_index", i}, {"delta", item["input"]}});
    emit("response.custom_tool_call_input.done", {{"item_id", id}, {"output_index", i}, {"input", item["input"]}});
  } else if (type == "reasoning") {
    const json& summary = item["summary"][0];
    emit("response.reasoning_summary_part.added", {{"item_id", id},
                                                   {"output_index", i},
                                                   {"summary_index", 0},
                                                   {"part", {{"type", "summary_text"}, {"text", ""}}}});
    emit("response.reasoning_summary_text.delta",
         {{"item_id", id}, {"output_index", i}, {"summary_index", 0}, {"delta", summary["text"]}});
    emit("response.reasoning_summary_text.done",
         {{"item_id", id}, {"output_index", i}, {"summary_index", 0}, {"text", summary["text"]}});
    emit("response.reasoning_summary_part.done",
         {{"item_id", id}, {"output_index", i}, {"summary_index", 0}, {"part", summary}});
  }
  emit("response.output_item.done", {{"output_index", i}, {"item", item}});
}

}  // namespace

MockReply responses(const MockBehavior& b, std::string_view body, int64_t seq) {
  MockReply r;
  json req = parse_json(body);
  if (!req.is_object() || !req.contains("input")) {
    r.status = 400;
    r.body =
        openai_error_body(make_error(ErrorKind::kInvalidRequest, "mock: body must be JSON with input", "", "input"));
    return r;
  }
  ResponsesRequest parsed = read_request(req);
  MockTurn t = plan_turn(parsed.conversation, seq);
  json output = output_items(t, parsed, seq);
  json done = response_json(req, "completed", output, seq);
  if (!b.no_usage) done["usage"] = usage_json(t);
  if (!bool_field(req, "stream")) {
    r.body = done.dump();
    apply_stream_behavior(b, r);
    return r;
  }
  r.streaming = true;
  r.content_type = "text/event-stream";
  EventWriter emit(r.chunks);
  json opening = response_json(req, "in_progress", json::array(), seq);
  emit("response.created", {{"response", opening}});
  emit("response.in_progress", {{"response", opening}});
  for (size_t i = 0; i < output.size(); ++i) item_events(emit, output[i], i);
  emit("response.completed", {{"response", done}});
  apply_stream_behavior(b, r);
  return r;
}

}  // namespace gw::mock
