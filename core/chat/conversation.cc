// conversation.cc - see conversation.h. Pure; thread-compatible.
#include "core/chat/conversation.h"

namespace gw {

using nlohmann::json;

json Conversation::request_messages() const {
  json out = json::array();
  if (!system.empty()) out.push_back({{"role", "system"}, {"content", system}});
  for (const ChatMessage& m : messages) {
    if (m.images.empty()) {
      out.push_back({{"role", m.role}, {"content", m.content}});
      continue;
    }
    json parts = json::array({{{"type", "text"}, {"text", m.content}}});
    for (const std::string& url : m.images) parts.push_back({{"type", "image_url"}, {"image_url", {{"url", url}}}});
    out.push_back({{"role", m.role}, {"content", std::move(parts)}});
  }
  return out;
}

json Conversation::request_body(bool stream) const {
  json body = options.is_object() ? options : json::object();
  body["model"] = model;
  body["messages"] = request_messages();
  body["stream"] = stream;
  if (stream) body["stream_options"] = {{"include_usage", true}};
  return body;
}

void Conversation::add_user(std::string text) { messages.push_back({"user", std::move(text), false, {}}); }

void Conversation::add_answer(std::string text, TurnStats stats, bool partial) {
  messages.push_back({"assistant", std::move(text), partial, std::move(stats)});
}

bool Conversation::drop_last_answer() {
  while (!messages.empty() && messages.back().role != "user") messages.pop_back();
  return awaiting_answer();
}

bool Conversation::awaiting_answer() const { return !messages.empty() && messages.back().role == "user"; }

}  // namespace gw
