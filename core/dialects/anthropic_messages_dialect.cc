// anthropic_messages_dialect.cc - the Anthropic Messages client dialect:
// canonical chat.completion -> Anthropic Message, errors, and the dialect
// object. Requests are read in core/dialects/anthropic_messages_request.cc, streams
// written in core/dialects/anthropic_stream_encoder.cc. Pure; the dialect object is
// stateless and thread-safe.
#include "core/dialects/anthropic_messages_dialect.h"

#include <algorithm>
#include <utility>

#include "core/json/json_parse.h"

namespace gw {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_string(const json& obj, const char* key) { return obj.contains(key) && obj[key].is_string(); }
const std::string& str(const json& obj, const char* key) { return obj[key].get_ref<const std::string&>(); }
// obj[key] when it is a string, else "" (never throws on odd provider output).
std::string string_or_empty(const json& obj, const char* key) {
  return obj.is_object() && is_string(obj, key) ? str(obj, key) : std::string();
}

// Text of a canonical message content (string, or array of text parts).
std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& part : content)
      if (part.is_object() && is_string(part, "text")) out += str(part, "text");
  return out;
}

// Arguments that are not a JSON object become {} (Anthropic input is always
// an object); the provider's key order is kept.
ordered_json tool_use_block(const json& call) {
  const json fn = call.contains("function") && call["function"].is_object() ? call["function"] : json::object();
  ordered_json input = fn.contains("arguments") && fn["arguments"].is_object()
                           ? parse_ordered_json(dump(fn["arguments"]))
                           : parse_ordered_json(string_or_empty(fn, "arguments"));
  if (input.is_discarded() || !input.is_object()) input = ordered_json::object();
  return {{"type", "tool_use"},
          {"id", string_or_empty(call, "id")},
          {"name", string_or_empty(fn, "name")},
          {"input", std::move(input)}};
}

ordered_json content_blocks(const json& message, bool& has_tool_calls) {
  ordered_json content = ordered_json::array();
  if (message.contains("thinking_blocks") && message["thinking_blocks"].is_array() &&
      !message["thinking_blocks"].empty()) {
    for (const auto& tb : message["thinking_blocks"]) {
      if (!tb.is_object()) continue;
      if (string_or_empty(tb, "type") == "redacted_thinking")
        content.push_back({{"type", "redacted_thinking"}, {"data", string_or_empty(tb, "data")}});
      else
        content.push_back({{"type", "thinking"},
                           {"thinking", string_or_empty(tb, "thinking")},
                           {"signature", string_or_empty(tb, "signature")}});
    }
  } else if (is_string(message, "reasoning_content") && !str(message, "reasoning_content").empty()) {
    // A message-level "thinking_signature" (as some adapters keep it) signs it.
    content.push_back({{"type", "thinking"},
                       {"thinking", str(message, "reasoning_content")},
                       {"signature", string_or_empty(message, "thinking_signature")}});
  }
  std::string text = message.contains("content") ? content_text(message["content"]) : "";
  if (text.empty()) text = string_or_empty(message, "refusal");
  if (!text.empty()) content.push_back({{"type", "text"}, {"text", text}});
  if (message.contains("tool_calls") && message["tool_calls"].is_array())
    for (const auto& call : message["tool_calls"]) {
      if (!call.is_object()) continue;
      content.push_back(tool_use_block(call));
      has_tool_calls = true;
    }
  return content;
}

class AnthropicMessagesDialect : public ClientDialect {
 public:
  ClientFormat format() const override { return ClientFormat::kAnthropicMessages; }

  Result<ChatRequest> parse_request(std::string_view body) const override { return parse_anthropic_request(body); }

  std::string render_response(const json& canonical, const Usage& usage, const RenderContext& ctx) const override {
    json choice = json::object();
    if (canonical.contains("choices") && canonical["choices"].is_array() && !canonical["choices"].empty() &&
        canonical["choices"][0].is_object())
      choice = canonical["choices"][0];
    json message = choice.contains("message") && choice["message"].is_object() ? choice["message"] : json::object();
    bool has_tool_calls = false;
    ordered_json content = content_blocks(message, has_tool_calls);
    std::string finish = string_or_empty(choice, "finish_reason");
    std::string stop_sequence = canonical_stop_sequence(choice);
    std::string model = !ctx.model.empty() ? ctx.model : string_or_empty(canonical, "model");
    ordered_json out = {{"id", anthropic_message_id(ctx)},
                        {"type", "message"},
                        {"role", "assistant"},
                        {"model", model},
                        {"content", std::move(content)},
                        {"stop_reason", anthropic_stop_reason(finish, !stop_sequence.empty(), has_tool_calls)},
                        {"stop_sequence", stop_sequence.empty() ? ordered_json(nullptr) : ordered_json(stop_sequence)},
                        {"usage", anthropic_usage(usage)}};
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  std::unique_ptr<ChunkEncoder> stream_encoder(const RenderContext& ctx) const override {
    return anthropic_stream_encoder(ctx);
  }

  std::string render_error(const Error& error) const override { return anthropic_error_body(error); }
};

}  // namespace

nlohmann::ordered_json anthropic_usage(const Usage& usage) {
  const int64_t writes = usage.cache_write_tokens + usage.cache_write_1h_tokens;
  nlohmann::ordered_json out = {
      {"input_tokens", std::max<int64_t>(0, usage.prompt_tokens - usage.cached_tokens - writes)},
      {"cache_creation_input_tokens", writes},
      {"cache_read_input_tokens", usage.cached_tokens},
      {"output_tokens", usage.completion_tokens}};
  if (writes > 0)
    out["cache_creation"] = {{"ephemeral_5m_input_tokens", usage.cache_write_tokens},
                             {"ephemeral_1h_input_tokens", usage.cache_write_1h_tokens}};
  return out;
}

std::string anthropic_message_id(const RenderContext& ctx) {
  std::string_view id = ctx.request_id;
  if (id.starts_with("req_")) id.remove_prefix(4);
  return "msg_" + (id.empty() ? std::string("gw") : std::string(id));
}

std::string anthropic_stop_reason(std::string_view finish_reason, bool has_stop_sequence, bool has_tool_calls) {
  if (finish_reason == "length") return "max_tokens";
  if (finish_reason == "tool_calls" || finish_reason == "function_call") return "tool_use";
  if (finish_reason == "content_filter") return "refusal";
  if (has_tool_calls) return "tool_use";
  if (finish_reason == "stop" && has_stop_sequence) return "stop_sequence";
  return "end_turn";
}

std::string canonical_stop_sequence(const json& choice) {
  std::string seq = string_or_empty(choice, "stop_sequence");
  return seq.empty() ? string_or_empty(choice, "stop_reason") : seq;
}

const ClientDialect& anthropic_messages_dialect() {
  static const AnthropicMessagesDialect dialect;
  return dialect;
}

}  // namespace gw
