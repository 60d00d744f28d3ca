// messages_answer_shape.cc - Anthropic Messages' half of answer_shapes.h: a
// Message as its stream's events and back, as Anthropic streams them and
// its SDKs fold them (text, thinking and signature, tool input as partial
// JSON, citations; other block kinds arrive whole in content_block_start).
#include "core/cache/answer_shapes.h"
#include "core/json/json_parse.h"

namespace gw::shapes {
namespace {

std::string block(std::string_view name, ordered_json data) {
  ordered_json with_type = {{"type", name}};
  with_type.update(data);
  return event_block(name, with_type);
}

bool is_tool_use(const std::string& type) {
  return type == "tool_use" || type == "server_tool_use" || type == "mcp_tool_use";
}

// A content block as content_block_start shows it, and the deltas that
// complete it.
void emit_block(size_t index, const ordered_json& b, std::vector<std::string>& out) {
  const std::string type = b.value("type", std::string());
  ordered_json start = b;
  std::vector<ordered_json> deltas;
  if (type == "text") {
    start["text"] = "";
    if (b.contains("citations") && b["citations"].is_array()) {
      start["citations"] = ordered_json::array();
      for (const ordered_json& c : b["citations"]) deltas.push_back({{"type", "citations_delta"}, {"citation", c}});
    }
    deltas.insert(deltas.begin(), ordered_json{{"type", "text_delta"}, {"text", b.value("text", std::string())}});
  } else if (type == "thinking") {
    start["thinking"] = "";
    start["signature"] = "";
    deltas.push_back({{"type", "thinking_delta"}, {"thinking", b.value("thinking", std::string())}});
    deltas.push_back({{"type", "signature_delta"}, {"signature", b.value("signature", std::string())}});
  } else if (is_tool_use(type)) {
    start["input"] = ordered_json::object();
    const ordered_json input = b.contains("input") ? b["input"] : ordered_json::object();
    deltas.push_back({{"type", "input_json_delta"}, {"partial_json", input.dump()}});
  }
  out.push_back(block("content_block_start", {{"index", index}, {"content_block", std::move(start)}}));
  for (ordered_json& d : deltas)
    out.push_back(block("content_block_delta", {{"index", index}, {"delta", std::move(d)}}));
  out.push_back(block("content_block_stop", {{"index", index}}));
}

}  // namespace

Result<std::vector<std::string>> messages_stream(const ordered_json& whole) {
  if (whole.value("type", std::string()) != "message" || !whole.contains("content") || !whole["content"].is_array())
    return not_an_answer("the body is not a Message");
  ordered_json start = whole;
  start["content"] = ordered_json::array();
  start["stop_reason"] = nullptr;
  start["stop_sequence"] = nullptr;
  const ordered_json usage = whole.contains("usage") ? whole["usage"] : ordered_json::object();
  if (start.contains("usage") && start["usage"].is_object()) start["usage"]["output_tokens"] = 0;
  std::vector<std::string> out;
  out.push_back(block("message_start", {{"message", std::move(start)}}));
  out.push_back(block("ping", ordered_json::object()));
  size_t index = 0;
  for (const ordered_json& b : whole["content"]) {
    if (!b.is_object()) return not_an_answer("a content block is not an object");
    emit_block(index++, b, out);
  }
  ordered_json delta = {{"stop_reason", whole.value("stop_reason", ordered_json(nullptr))},
                        {"stop_sequence", whole.value("stop_sequence", ordered_json(nullptr))}};
  out.push_back(block("message_delta", {{"delta", std::move(delta)}, {"usage", usage}}));
  out.push_back(block("message_stop", ordered_json::object()));
  return out;
}

namespace {

// Folds one content_block_delta into its block.
Status apply_delta(ordered_json& b, std::string& partial_json, const ordered_json& d) {
  const std::string type = d.value("type", std::string());
  auto append = [&](const char* member, const char* from) {
    b[member] = b.value(member, std::string()) + d.value(from, std::string());
  };
  if (type == "text_delta") append("text", "text");
  else if (type == "thinking_delta") append("thinking", "thinking");
  else if (type == "signature_delta") b["signature"] = d.value("signature", std::string());
  else if (type == "input_json_delta") partial_json += d.value("partial_json", std::string());
  else if (type == "citations_delta") {
    if (!b.contains("citations") || !b["citations"].is_array()) b["citations"] = ordered_json::array();
    b["citations"].push_back(d.contains("citation") ? d["citation"] : ordered_json(nullptr));
  } else {
    return not_an_answer("a content block delta of an unknown kind");
  }
  return ok_status();
}

}  // namespace

Result<ordered_json> messages_whole(const std::vector<Event>& events) {
  ordered_json message;
  std::vector<std::string> partial;  // tool input JSON per block, as streamed
  bool stopped = false;
  for (const Event& e : events) {
    const std::string type = e.data.is_object() ? e.data.value("type", e.name) : e.name;
    if (type == "error") return not_an_answer("the stream ended in an error");
    if (type == "message_start") {
      if (!e.data.contains("message") || !e.data["message"].is_object()) return not_an_answer("message_start is empty");
      message = e.data["message"];
      message["content"] = ordered_json::array();
      continue;
    }
    if (type == "ping" || type.empty()) continue;
    if (!message.is_object()) return not_an_answer("an event came before message_start");
    ordered_json& content = message["content"];
    const size_t index = e.data.value("index", size_t{0});
    if (type == "content_block_start") {
      if (index != content.size()) return not_an_answer("content blocks are out of order");
      content.push_back(e.data.contains("content_block") ? e.data["content_block"] : ordered_json::object());
      partial.emplace_back();
    } else if (type == "content_block_delta") {
      if (index >= content.size() || !e.data.contains("delta")) return not_an_answer("a delta for no block");
      if (auto st = apply_delta(content[index], partial[index], e.data["delta"]); !st) return st.error();
    } else if (type == "content_block_stop") {
      if (index >= content.size()) return not_an_answer("a stop for no block");
      if (!partial[index].empty()) {
        ordered_json input = parse_ordered_json(partial[index]);
        if (input.is_discarded()) return not_an_answer("a tool's input is not JSON");
        content[index]["input"] = std::move(input);
      }
    } else if (type == "message_delta") {
      if (e.data.contains("delta") && e.data["delta"].is_object())
        for (const auto& [name, value] : e.data["delta"].items()) message[name] = value;
      if (e.data.contains("usage") && e.data["usage"].is_object())
        for (const auto& [name, value] : e.data["usage"].items()) message["usage"][name] = value;
    } else if (type == "message_stop") {
      stopped = true;
    }
  }
  if (!stopped) return not_an_answer("the stream has no message_stop");
  return message;
}

}  // namespace gw::shapes
