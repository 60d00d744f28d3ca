// semantic_question.cc - see semantic_question.h. Pure; thread-safe.
#include "core/cache/semantic_question.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/crypto/crypto.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr std::string_view kTextParts[] = {"text", "input_text", "output_text"};
constexpr std::string_view kToolMembers[] = {"tool_calls", "function_call", "tool_call_id"};

// The text of a message's content, or why it is not plain text.
std::string text_of(const json& content, std::string& skip) {
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) {
    skip = "content is neither text nor parts";
    return {};
  }
  std::string out;
  for (const json& part : content) {
    const json* type = part.is_object() && part.contains("type") ? &part["type"] : nullptr;
    bool text = type && type->is_string() && part.contains("text") && part["text"].is_string() &&
                std::find(std::begin(kTextParts), std::end(kTextParts), type->get_ref<const std::string&>()) !=
                    std::end(kTextParts);
    if (!text) {
      skip = "a content part is not text";
      return {};
    }
    if (!out.empty()) out += "\n";
    out += part["text"].get_ref<const std::string&>();
  }
  return out;
}

// Checks one message; its text in `text` (for the last one).
bool plain_message(const json& m, std::string& text, std::string& skip) {
  if (!m.is_object()) return (skip = "a message is not an object"), false;
  if (m.contains("type") && m["type"] != "message") return (skip = "an item is not a message"), false;
  for (std::string_view member : kToolMembers)
    if (m.contains(member)) return (skip = "a message carries a tool call or result"), false;
  const json& role = m.contains("role") ? m["role"] : json();
  if (!role.is_string() || (role != "user" && role != "assistant" && role != "system" && role != "developer"))
    return (skip = "a message's role is not user, assistant or system"), false;
  text = text_of(m.contains("content") ? m["content"] : json(), skip);
  return skip.empty();
}

}  // namespace

SemanticQuestion semantic_question(const CacheKeyInput& in, const SemanticLimits& limits) {
  SemanticQuestion q;
  json body = parse_json(in.body);
  if (!body.is_object()) return (q.skip = "not a JSON object"), q;
  for (std::string_view member : {"tools", "functions"})
    if (body.contains(member) && !body[member].is_null() && !body[member].empty())
      return (q.skip = "tools are offered"), q;
  if (body.contains("previous_response_id") && !body["previous_response_id"].is_null())
    return (q.skip = "the conversation lives with the provider"), q;
  const bool responses = !body.contains("messages") && body.contains("input");
  json& turns = responses ? body["input"] : body["messages"];
  if (turns.is_string()) turns = json::array({{{"role", "user"}, {"content", turns}}});
  if (!turns.is_array() || turns.empty()) return (q.skip = "no conversation"), q;
  if (turns.size() > limits.max_messages) return (q.skip = "the conversation is too long"), q;
  std::string text;
  for (const json& m : turns)
    if (!plain_message(m, text, q.skip)) return q;
  json& last = turns.back();
  if (last["role"] != "user") return (q.skip = "the last turn is not the user's"), q;
  if (text.empty()) return (q.skip = "the question is empty"), q;
  if (text.size() > limits.max_prompt_chars) return (q.skip = "the question is too long"), q;
  last["content"] = "";
  CacheKeyInput context_in = in;
  const std::string rest = body.dump(-1, ' ', false, json::error_handler_t::replace);
  context_in.body = rest;
  auto canonical = cache_key_text(context_in);
  if (!canonical) return (q.skip = "not a JSON object"), q;
  q.context = sha256_hex("gw-semantic-context v1\n" + *canonical);
  q.prompt = std::move(text);
  return q;
}

}  // namespace gw
