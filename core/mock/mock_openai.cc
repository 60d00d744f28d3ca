// The mock's OpenAI chat-completions dialect (see mock_turn.h for what it
// answers). Reasoning is requested with "reasoning_effort" and comes back as
// "reasoning_content", as OpenAI-compatible reasoning providers send it.
//
// The request is read with core/json_view and the answer written with
// JsonWriter, not through nlohmann trees: the benchmark's upstream answers
// every request here, and a tree each way cost the mock about as much CPU
// as the proxy hop in front of it, on the same cores.
#include "core/json/json_scan.h"
#include "core/json/json_view.h"
#include "core/json/json_writer.h"
#include "core/mock/mock_turn.h"

namespace gw::mock {
namespace {

// The top-level members read, and their places in top_level_members' answer.
constexpr std::string_view kMembers[] = {"model",  "messages",      "tools", "tool_choice", "reasoning_effort",
                                         "stream", "stream_options"};
enum Member { kModel, kMessages, kTools, kToolChoice, kReasoning, kStream, kStreamOptions };

// The string member `name` of a raw object; `fallback` when the value is
// not an object or the member is absent or not a string.
std::string string_member(std::string_view object, std::string_view name, std::string fallback = "") {
  if (json_type(object) != JsonType::kObject) return fallback;
  auto s = json_string(json_member(object, name));
  return s ? *std::move(s) : std::move(fallback);
}

bool true_member(std::string_view object, std::string_view name) {
  return json_type(object) == JsonType::kObject && json_boolean(json_member(object, name)).value_or(false);
}

// A member that is present, whatever its value (null included).
bool has_member(std::string_view object, std::string_view name) {
  return json_type(object) == JsonType::kObject && !json_member(object, name).empty();
}

std::string content_text(std::string_view content) {
  if (json_type(content) == JsonType::kString) return *json_string(content);
  std::string out;
  if (json_type(content) != JsonType::kArray) return out;
  JsonElements parts(content);
  for (std::string_view part; parts.next(part);)
    if (string_member(part, "type") == "text") out += string_member(part, "text");
  return out;
}

MockConversation read_conversation(const std::vector<std::string_view>& top) {
  MockConversation c;
  JsonElements messages(top[kMessages]);
  for (std::string_view m; messages.next(m);)
    if (json_type(m) == JsonType::kObject)
      c.messages.push_back({string_member(m, "role"), content_text(json_member(m, "content"))});
  if (json_type(top[kTools]) == JsonType::kArray) {
    JsonElements tools(top[kTools]);
    for (std::string_view t; tools.next(t);)
      if (has_member(t, "function")) c.tools.push_back(string_member(json_member(t, "function"), "name"));
  }
  const std::string_view choice = top[kToolChoice];
  if (json_string_equals(choice, "none")) c.tools_disabled = true;
  if (has_member(choice, "function")) c.forced_tool = string_member(json_member(choice, "function"), "name");
  c.thinking = json_type(top[kReasoning]) == JsonType::kString;
  return c;
}

// id, object, created and model: how every answer object starts.
void write_head(JsonWriter& j, const std::string& id, std::string_view object, const std::string& model) {
  j.field("id", id).field("object", object).field("created", kCreated).field("model", model);
}

void write_usage(JsonWriter& j, const MockTurn& t) {
  j.key("usage").begin_object();
  j.field("prompt_tokens", t.prompt_tokens).field("completion_tokens", t.completion_tokens);
  j.field("total_tokens", t.prompt_tokens + t.completion_tokens);
  j.key("completion_tokens_details").begin_object().field("reasoning_tokens", t.reasoning_tokens).end_object();
  j.end_object();
}

void write_finish(JsonWriter& j, std::string_view finish) {
  j.key("finish_reason");
  if (finish.empty()) j.value(nullptr);
  else j.value(finish);
}

std::string completion(const MockBehavior& b, const MockTurn& t, const std::string& id, const std::string& model,
                       std::string_view finish) {
  std::string out;
  JsonWriter j(out);
  j.begin_object();
  write_head(j, id, "chat.completion", model);
  j.key("choices").begin_array().begin_object().field("index", 0);
  j.key("message").begin_object().field("role", "assistant").key("content");
  if (t.tool_calls.empty()) j.value(t.text);
  else j.value(nullptr);
  if (!t.thinking.empty()) j.field("reasoning_content", t.thinking);
  if (!t.tool_calls.empty()) {
    j.key("tool_calls").begin_array();
    for (const auto& c : t.tool_calls) {
      j.begin_object().field("id", c.id).field("type", "function");
      j.key("function").begin_object().field("name", c.name).field("arguments", c.arguments).end_object();
      j.end_object();
    }
    j.end_array();
  }
  j.end_object().key("logprobs").value(nullptr);
  write_finish(j, finish);
  j.end_object().end_array();
  if (!b.no_usage) write_usage(j, t);
  j.end_object();
  return out;
}

// One SSE event of the stream: a chunk whose one choice carries the delta
// `write_delta` writes (inside its braces) and `finish` ("" for null).
template <class WriteDelta>
std::string chunk_event(const std::string& id, const std::string& model, WriteDelta&& write_delta,
                        std::string_view finish = "") {
  std::string out = "data: ";
  JsonWriter j(out);
  j.begin_object();
  write_head(j, id, "chat.completion.chunk", model);
  j.key("choices").begin_array().begin_object().field("index", 0).key("delta").begin_object();
  write_delta(j);
  j.end_object().key("logprobs").value(nullptr);
  write_finish(j, finish);
  j.end_object().end_array().end_object();
  out += "\n\n";
  return out;
}

std::string usage_event(const MockTurn& t, const std::string& id, const std::string& model) {
  std::string out = "data: ";
  JsonWriter j(out);
  j.begin_object();
  write_head(j, id, "chat.completion.chunk", model);
  j.key("choices").begin_array().end_array();
  write_usage(j, t);
  j.end_object();
  out += "\n\n";
  return out;
}

void stream_chunks(const MockTurn& t, const std::string& id, const std::string& model, std::string_view finish,
                   std::vector<std::string>& chunks) {
  chunks.push_back(chunk_event(id, model, [](JsonWriter& j) { j.field("role", "assistant").field("content", ""); }));
  if (!t.thinking.empty())
    for (const auto& piece : split_words(t.thinking))
      chunks.push_back(chunk_event(id, model, [&](JsonWriter& j) { j.field("reasoning_content", piece); }));
  if (t.tool_calls.empty())
    for (const auto& piece : split_words(t.text))
      chunks.push_back(chunk_event(id, model, [&](JsonWriter& j) { j.field("content", piece); }));
  for (size_t i = 0; i < t.tool_calls.size(); ++i) {
    const auto& c = t.tool_calls[i];
    const auto index = static_cast<int64_t>(i);
    chunks.push_back(chunk_event(id, model, [&](JsonWriter& j) {
      j.key("tool_calls")
          .begin_array()
          .begin_object()
          .field("index", index)
          .field("id", c.id)
          .field("type", "function");
      j.key("function").begin_object().field("name", c.name).field("arguments", "").end_object();
      j.end_object().end_array();
    }));
    // Arguments arrive in two pieces, as real providers split them.
    const size_t half = c.arguments.size() / 2;
    for (const auto& part : {c.arguments.substr(0, half), c.arguments.substr(half)})
      chunks.push_back(chunk_event(id, model, [&](JsonWriter& j) {
        j.key("tool_calls").begin_array().begin_object().field("index", index);
        j.key("function").begin_object().field("arguments", part).end_object();
        j.end_object().end_array();
      }));
  }
  chunks.push_back(chunk_event(
      id, model, [](JsonWriter&) {}, finish));
}

}  // namespace

MockReply openai_chat(const MockBehavior& b, std::string_view body, int64_t seq) {
  MockReply r;
  auto top = top_level_members(body, kMembers);
  if (!top || json_type((*top)[kMessages]) != JsonType::kArray) {
    r.status = 400;
    r.body = openai_error_body(make_error(ErrorKind::kInvalidRequest, "mock: body must be JSON with messages"));
    return r;
  }
  const std::string model = json_type((*top)[kModel]) == JsonType::kString ? *json_string((*top)[kModel]) : "echo";
  const MockTurn t = plan_turn(read_conversation(*top), seq);
  const std::string id = "chatcmpl-mock-" + std::to_string(seq);
  const std::string_view finish = t.tool_calls.empty() ? "stop" : "tool_calls";
  if (!json_boolean((*top)[kStream]).value_or(false)) {
    r.body = completion(b, t, id, model, finish);
    apply_stream_behavior(b, r);
    return r;
  }
  r.streaming = true;
  r.content_type = "text/event-stream";
  stream_chunks(t, id, model, finish, r.chunks);
  if (true_member((*top)[kStreamOptions], "include_usage") && !b.no_usage)
    r.chunks.push_back(usage_event(t, id, model));
  r.chunks.push_back("data: [DONE]\n\n");
  apply_stream_behavior(b, r);
  return r;
}

}  // namespace gw::mock
