// The mock's OpenAI chat-completions dialect (see mock_turn.h for what it
// answers). Reasoning is requested with "reasoning_effort" and comes back as
// "reasoning_content", as OpenAI-compatible reasoning providers send it.
#include "core/mock_turn.h"

namespace gw::mock {
namespace {

std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& part : content)
      if (string_field(part, "type") == "text") out += string_field(part, "text");
  return out;
}

MockConversation read_conversation(const json& req) {
  MockConversation c;
  for (const auto& m : req["messages"]) {
    if (!m.is_object()) continue;
    c.messages.push_back({string_field(m, "role"), content_text(m.contains("content") ? m["content"] : json())});
  }
  if (req.contains("tools") && req["tools"].is_array())
    for (const auto& t : req["tools"])
      if (t.is_object() && t.contains("function")) c.tools.push_back(string_field(t["function"], "name"));
  if (req.contains("tool_choice")) {
    const json& tc = req["tool_choice"];
    if (tc.is_string() && tc.get<std::string>() == "none") c.tools_disabled = true;
    if (tc.is_object() && tc.contains("function")) c.forced_tool = string_field(tc["function"], "name");
  }
  c.thinking = req.contains("reasoning_effort") && req["reasoning_effort"].is_string();
  return c;
}

json usage_json(const MockTurn& t) {
  return {{"prompt_tokens", t.prompt_tokens},
          {"completion_tokens", t.completion_tokens},
          {"total_tokens", t.prompt_tokens + t.completion_tokens},
          {"completion_tokens_details", {{"reasoning_tokens", t.reasoning_tokens}}}};
}

json tool_calls_json(const MockTurn& t) {
  json calls = json::array();
  for (const auto& c : t.tool_calls)
    calls.push_back({{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
  return calls;
}

std::string sse(const json& j) { return "data: " + j.dump() + "\n\n"; }

}  // namespace

MockReply openai_chat(const MockBehavior& b, std::string_view body, int64_t seq) {
  MockReply r;
  json req = json::parse(body, nullptr, false);
  if (req.is_discarded() || !req.is_object() || !req.contains("messages") || !req["messages"].is_array()) {
    r.status = 400;
    r.body = openai_error_body(make_error(ErrorKind::kInvalidRequest, "mock: body must be JSON with messages"));
    return r;
  }
  std::string model = string_field(req, "model", "echo");
  MockTurn t = plan_turn(read_conversation(req), seq);
  std::string id = "chatcmpl-mock-" + std::to_string(seq);
  std::string finish = t.tool_calls.empty() ? "stop" : "tool_calls";
  if (!bool_field(req, "stream")) {
    json message = {{"role", "assistant"}, {"content", t.tool_calls.empty() ? json(t.text) : json(nullptr)}};
    if (!t.thinking.empty()) message["reasoning_content"] = t.thinking;
    if (!t.tool_calls.empty()) message["tool_calls"] = tool_calls_json(t);
    json out = {{"id", id}, {"object", "chat.completion"}, {"created", kCreated}, {"model", model},
                {"choices", json::array({{{"index", 0}, {"message", message}, {"logprobs", nullptr},
                                          {"finish_reason", finish}}})}};
    if (!b.no_usage) out["usage"] = usage_json(t);
    r.body = out.dump();
    apply_stream_behavior(b, r);
    return r;
  }
  r.streaming = true;
  r.content_type = "text/event-stream";
  auto chunk = [&](json delta, json finish_reason) {
    return json{{"id", id}, {"object", "chat.completion.chunk"}, {"created", kCreated}, {"model", model},
                {"choices", json::array({{{"index", 0}, {"delta", std::move(delta)}, {"logprobs", nullptr},
                                          {"finish_reason", std::move(finish_reason)}}})}};
  };
  r.chunks.push_back(sse(chunk({{"role", "assistant"}, {"content", ""}}, nullptr)));
  if (!t.thinking.empty())
    for (const auto& piece : split_words(t.thinking)) r.chunks.push_back(sse(chunk({{"reasoning_content", piece}}, nullptr)));
  if (t.tool_calls.empty()) {
    for (const auto& piece : split_words(t.text)) r.chunks.push_back(sse(chunk({{"content", piece}}, nullptr)));
  }
  for (size_t i = 0; i < t.tool_calls.size(); ++i) {
    const auto& c = t.tool_calls[i];
    json head = {{"index", i}, {"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", ""}}}};
    r.chunks.push_back(sse(chunk({{"tool_calls", json::array({head})}}, nullptr)));
    // Arguments arrive in two pieces, as real providers split them.
    size_t half = c.arguments.size() / 2;
    for (const auto& part : {c.arguments.substr(0, half), c.arguments.substr(half)})
      r.chunks.push_back(sse(chunk({{"tool_calls", json::array({{{"index", i}, {"function", {{"arguments", part}}}}})}}, nullptr)));
  }
  r.chunks.push_back(sse(chunk(json::object(), finish)));
  bool include_usage = req.contains("stream_options") && bool_field(req["stream_options"], "include_usage");
  if (include_usage && !b.no_usage)
    r.chunks.push_back(sse({{"id", id}, {"object", "chat.completion.chunk"}, {"created", kCreated}, {"model", model},
                            {"choices", json::array()}, {"usage", usage_json(t)}}));
  r.chunks.push_back("data: [DONE]\n\n");
  apply_stream_behavior(b, r);
  return r;
}

}  // namespace gw::mock
