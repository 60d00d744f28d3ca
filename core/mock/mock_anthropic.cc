// The mock's Anthropic Messages dialect (see mock_turn.h for what it
// answers). Reads system, messages (string or block content; tool_result
// blocks become tool messages), tools, tool_choice and thinking, and answers
// with a Message or Anthropic's exact stream event sequence:
//   message_start, ping, per block content_block_start / *_delta... /
//   content_block_stop (thinking, then text or tool_use), message_delta,
//   message_stop
// each framed as "event: <type>\ndata: <json>\n\n". Usage reports prompt-cache
// reads and writes for blocks marked with cache_control (mock_prompt_cache.h):
// in message_start of a stream, as Anthropic does.
#include "core/json/json_parse.h"
#include "core/mock/mock_prompt_cache.h"
#include "core/mock/mock_turn.h"

namespace gw::mock {
namespace {

// Text of a string content or of the text blocks of a block array.
std::string block_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& block : content)
      if (string_field(block, "type") == "text") out += string_field(block, "text");
  return out;
}

void read_message(const json& m, MockConversation& c) {
  std::string role = string_field(m, "role");
  const json& content = m.contains("content") ? m["content"] : json();
  if (!content.is_array()) {
    c.messages.push_back({role, block_text(content)});
    return;
  }
  // tool_result blocks become tool messages, ahead of any text in the turn.
  bool any_text = false, any_result = false;
  for (const auto& block : content) {
    std::string type = string_field(block, "type");
    if (type == "tool_result") {
      c.messages.push_back({"tool", block_text(block.contains("content") ? block["content"] : json())});
      any_result = true;
    }
    any_text = any_text || type == "text";
  }
  if (any_text || !any_result) c.messages.push_back({role, block_text(content)});
}

MockConversation read_conversation(const json& req) {
  MockConversation c;
  if (req.contains("system")) c.messages.push_back({"system", block_text(req["system"])});
  for (const auto& m : req["messages"])
    if (m.is_object()) read_message(m, c);
  if (req.contains("tools") && req["tools"].is_array())
    for (const auto& t : req["tools"]) c.tools.push_back(string_field(t, "name"));
  if (req.contains("tool_choice")) {
    const json& tc = req["tool_choice"];
    std::string type = string_field(tc, "type");
    if (type == "none") c.tools_disabled = true;
    if (type == "tool") c.forced_tool = string_field(tc, "name");
  }
  c.thinking = req.contains("thinking") && string_field(req["thinking"], "type") == "enabled";
  return c;
}

json input_of(const MockToolCall& call) {
  json input = parse_json(call.arguments);
  return input.is_discarded() ? json::object() : input;
}

std::string event(const json& data) {
  return "event: " + data["type"].get<std::string>() + "\ndata: " + data.dump() + "\n\n";
}

// The content blocks of a whole Message, in Anthropic's order.
json content_json(const MockTurn& t) {
  json content = json::array();
  if (!t.thinking.empty())
    content.push_back({{"type", "thinking"}, {"thinking", t.thinking}, {"signature", t.signature}});
  if (t.tool_calls.empty()) content.push_back({{"type", "text"}, {"text", t.text}});
  for (const auto& c : t.tool_calls)
    content.push_back({{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", input_of(c)}});
  return content;
}

// The stream's events for one turn, after message_start and ping.
void block_events(const MockTurn& t, std::vector<std::string>& out) {
  int index = 0;
  auto start = [&](json block) {
    out.push_back(event({{"type", "content_block_start"}, {"index", index}, {"content_block", std::move(block)}}));
  };
  auto delta = [&](json d) {
    out.push_back(event({{"type", "content_block_delta"}, {"index", index}, {"delta", std::move(d)}}));
  };
  auto stop = [&] { out.push_back(event({{"type", "content_block_stop"}, {"index", index++}})); };
  if (!t.thinking.empty()) {
    start({{"type", "thinking"}, {"thinking", ""}});
    for (const auto& piece : split_words(t.thinking)) delta({{"type", "thinking_delta"}, {"thinking", piece}});
    delta({{"type", "signature_delta"}, {"signature", t.signature}});
    stop();
  }
  if (t.tool_calls.empty()) {
    start({{"type", "text"}, {"text", ""}});
    for (const auto& piece : split_words(t.text)) delta({{"type", "text_delta"}, {"text", piece}});
    stop();
  }
  for (const auto& c : t.tool_calls) {
    start({{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", json::object()}});
    // The input arrives in two pieces of partial JSON, as Anthropic splits it.
    std::string args = input_of(c).dump();
    size_t half = args.size() / 2;
    for (const auto& part : {args.substr(0, half), args.substr(half)})
      delta({{"type", "input_json_delta"}, {"partial_json", part}});
    stop();
  }
}

// Anthropic's usage object: input_tokens excludes the cached prefix.
json usage_json(const MockTurn& t, const MockCacheUsage& cache, int64_t output_tokens) {
  json u = {{"input_tokens", t.prompt_tokens},
            {"cache_creation_input_tokens", cache.write_5m + cache.write_1h},
            {"cache_read_input_tokens", cache.read},
            {"output_tokens", output_tokens}};
  if (cache.write_5m + cache.write_1h > 0)
    u["cache_creation"] = {{"ephemeral_5m_input_tokens", cache.write_5m},
                           {"ephemeral_1h_input_tokens", cache.write_1h}};
  return u;
}

}  // namespace

MockReply anthropic_count_tokens(std::string_view body) {
  MockReply r;
  json req = parse_json(body);
  if (!req.is_object() || !req.contains("messages") || !req["messages"].is_array()) {
    r.status = 400;
    r.body = anthropic_error_body(make_error(ErrorKind::kInvalidRequest, "mock: body must be JSON with messages"));
    return r;
  }
  r.body = json{{"input_tokens", plan_turn(read_conversation(req), 0).prompt_tokens}}.dump();
  return r;
}

MockReply anthropic_messages(const MockBehavior& b, std::string_view body, int64_t seq, MockPromptCache& cache) {
  MockReply r;
  json req = parse_json(body);
  if (req.is_discarded() || !req.is_object() || !req.contains("messages") || !req["messages"].is_array()) {
    r.status = 400;
    r.body = anthropic_error_body(make_error(ErrorKind::kInvalidRequest, "mock: body must be JSON with messages"));
    return r;
  }
  std::string model = string_field(req, "model", "echo");
  MockTurn t = plan_turn(read_conversation(req), seq);
  std::string id = "msg_mock_" + std::to_string(seq);
  std::string stop_reason = t.tool_calls.empty() ? "end_turn" : "tool_use";
  const MockCacheUsage cached = cache.account(req);
  if (!bool_field(req, "stream")) {
    json out = {{"id", id},
                {"type", "message"},
                {"role", "assistant"},
                {"model", model},
                {"content", content_json(t)},
                {"stop_reason", stop_reason},
                {"stop_sequence", nullptr}};
    if (!b.no_usage) out["usage"] = usage_json(t, cached, t.completion_tokens);
    r.body = out.dump();
    apply_stream_behavior(b, r);
    return r;
  }
  r.streaming = true;
  r.content_type = "text/event-stream";
  json message = {{"id", id},
                  {"type", "message"},
                  {"role", "assistant"},
                  {"model", model},
                  {"content", json::array()},
                  {"stop_reason", nullptr},
                  {"stop_sequence", nullptr}};
  if (!b.no_usage) message["usage"] = usage_json(t, cached, 1);
  r.chunks.push_back(event({{"type", "message_start"}, {"message", message}}));
  r.chunks.push_back(event({{"type", "ping"}}));
  block_events(t, r.chunks);
  json done = {{"type", "message_delta"}, {"delta", {{"stop_reason", stop_reason}, {"stop_sequence", nullptr}}}};
  if (!b.no_usage) done["usage"] = {{"output_tokens", t.completion_tokens}};
  r.chunks.push_back(event(done));
  r.chunks.push_back(event({{"type", "message_stop"}}));
  apply_stream_behavior(b, r);
  return r;
}

}  // namespace gw::mock
