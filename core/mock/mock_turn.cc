#include "core/mock/mock_turn.h"

#include "core/base/usage.h"

namespace gw::mock {

std::string string_field(const json& j, const char* key, std::string fallback) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

bool bool_field(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> pieces;
  size_t start = 0;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ') {
      pieces.push_back(text.substr(start, i - start));
      start = i;
    }
  }
  if (pieces.empty()) pieces.push_back("");
  return pieces;
}

void apply_stream_behavior(const MockBehavior& b, MockReply& r) {
  r.latency_ms = b.latency_ms;
  r.chunk_delay_ms = b.chunk_delay_ms;
  if (r.streaming && b.truncate_after >= 0 && static_cast<size_t>(b.truncate_after) < r.chunks.size()) {
    r.chunks.resize(static_cast<size_t>(b.truncate_after));
    r.truncated = true;
  }
}

MockTurn plan_turn(const MockConversation& c, int64_t seq) {
  MockTurn t;
  std::string prompt, last_user;
  for (const auto& m : c.messages) {
    prompt += m.text;
    if (m.role == "user") last_user = m.text;
  }
  const MockMessage* last = c.messages.empty() ? nullptr : &c.messages.back();
  bool answering_tool = last && last->role == "tool";
  if (c.thinking) {
    t.thinking = "Thinking about: " + last_user;
    t.signature = "mock-sig-" + std::to_string(seq);
  }
  if (answering_tool) {
    t.text = "tool said: " + last->text;
  } else if (!c.tools.empty() && !c.tools_disabled) {
    std::vector<std::string> names;
    if (!c.forced_tool.empty()) {
      names.push_back(c.forced_tool);
    } else {
      names.push_back(c.tools[0]);
      if (last_user.find("parallel") != std::string::npos && c.tools.size() >= 2) names.push_back(c.tools[1]);
    }
    for (size_t i = 0; i < names.size(); ++i)
      t.tool_calls.push_back(
          {"call_mock_" + std::to_string(seq) + "_" + std::to_string(i), names[i], json{{"input", last_user}}.dump()});
  } else {
    t.text = last_user;
  }
  t.prompt_tokens = estimate_tokens(prompt);
  std::string out = t.text;
  for (const auto& call : t.tool_calls) out += call.name + call.arguments;
  t.reasoning_tokens = estimate_tokens(t.thinking);
  t.completion_tokens = estimate_tokens(out) + t.reasoning_tokens;
  return t;
}

}  // namespace gw::mock
