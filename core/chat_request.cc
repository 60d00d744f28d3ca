#include "core/chat_request.h"

#include "core/usage.h"

namespace gw {
namespace {

using nlohmann::json;

Error invalid(std::string message, std::string param) {
  return make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param));
}

// Text of a content value (string or array of parts) for estimation.
void append_text(const json& content, std::string& out) {
  if (content.is_string()) {
    out += content.get_ref<const std::string&>();
  } else if (content.is_array()) {
    for (const auto& part : content)
      if (part.is_object() && part.contains("text") && part["text"].is_string())
        out += part["text"].get_ref<const std::string&>();
  }
}

}  // namespace

Result<ChatRequest> parse_chat_request(std::string_view body) {
  ChatRequest r;
  r.body = json::parse(body, nullptr, false);
  if (r.body.is_discarded()) return invalid("request body is not valid JSON", "");
  if (!r.body.is_object()) return invalid("request body must be a JSON object", "");
  const json& b = r.body;
  if (!b.contains("model")) return invalid("you must provide a model parameter", "model");
  if (!b["model"].is_string()) return invalid("'model' must be a string", "model");
  r.model = b["model"].get<std::string>();
  if (!b.contains("messages")) return invalid("'messages' is required", "messages");
  if (!b["messages"].is_array()) return invalid("'messages' must be an array", "messages");
  if (b["messages"].empty()) return invalid("'messages' must contain at least one message", "messages");
  std::string text;
  size_t i = 0;
  for (const auto& m : b["messages"]) {
    std::string param = "messages[" + std::to_string(i++) + "]";
    if (!m.is_object()) return invalid(param + " must be an object", param);
    if (!m.contains("role") || !m["role"].is_string())
      return invalid(param + ".role is required", param + ".role");
    const auto& role = m["role"].get_ref<const std::string&>();
    if (role != "system" && role != "user" && role != "assistant" && role != "tool" && role != "developer" &&
        role != "function")
      return invalid(param + ".role '" + role + "' is not one of system, developer, user, assistant, tool",
                     param + ".role");
    if (m.contains("content")) append_text(m["content"], text);
  }
  if (b.contains("stream")) {
    if (!b["stream"].is_boolean()) return invalid("'stream' must be a boolean", "stream");
    r.stream = b["stream"].get<bool>();
  }
  if (b.contains("stream_options") && !b["stream_options"].is_null()) {
    const json& so = b["stream_options"];
    if (!so.is_object()) return invalid("'stream_options' must be an object", "stream_options");
    if (so.contains("include_usage")) {
      if (!so["include_usage"].is_boolean())
        return invalid("'stream_options.include_usage' must be a boolean", "stream_options.include_usage");
      r.include_usage = so["include_usage"].get<bool>();
    }
  }
  for (const char* field : {"max_tokens", "max_completion_tokens"}) {
    if (!b.contains(field) || b[field].is_null()) continue;
    if (!b[field].is_number_integer() || b[field].get<int64_t>() < 1)
      return invalid(std::string("'") + field + "' must be a positive integer", field);
    r.max_tokens = b[field].get<int64_t>();  // max_completion_tokens (later) wins
  }
  if (b.contains("provider")) {
    if (!b["provider"].is_string()) return invalid("'provider' must be a provider slug string", "provider");
    r.provider_override = b["provider"].get<std::string>();
  }
  r.prompt_tokens_estimate = estimate_tokens(text);
  return r;
}

json openai_upstream_body(const ChatRequest& request, std::string_view native_model) {
  json out = request.body;
  out["model"] = native_model;
  out.erase("provider");
  if (request.stream) {
    if (!out.contains("stream_options") || !out["stream_options"].is_object()) out["stream_options"] = json::object();
    out["stream_options"]["include_usage"] = true;
  }
  return out;
}

}  // namespace gw
