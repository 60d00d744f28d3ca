#include "core/dialects/chat_request.h"

#include "core/base/usage.h"
#include "core/json/json_parse.h"
#include "core/json/json_scan.h"
#include "core/json/json_view.h"
#include "core/json/json_writer.h"

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

// The roles a message may have.
bool known_role(std::string_view value) {
  for (std::string_view role : {"system", "user", "assistant", "tool", "developer", "function"})
    if (json_string_equals(value, role)) return true;
  return false;
}

bool has_escape(std::string_view name) { return name.find('\\') != std::string_view::npos; }

// The bytes of text in a message's content (string, or array of parts with
// "text"), as append_text would collect them; nullopt when a part's member
// names use escapes or repeat "text".
std::optional<size_t> content_size(std::string_view content) {
  if (json_type(content) == JsonType::kString) return json_string_size(content);
  if (json_type(content) != JsonType::kArray) return 0;
  size_t size = 0;
  std::string_view part, name, value;
  for (JsonElements parts(content); parts.next(part);) {
    std::string_view text;
    for (JsonMembers m(part); m.next(name, value);) {
      if (has_escape(name) || (name == "text" && !text.empty())) return std::nullopt;
      if (name == "text") text = value;
    }
    size += json_string_size(text);
  }
  return size;
}

// The top-level members parse_chat_request reads.
struct TopLevel {
  std::string_view model, messages, stream, stream_options, max_tokens, max_completion_tokens, provider;
};

// "model" in any ASCII case ("Model", "mODEL").
bool is_model_ignoring_case(std::string_view name) {
  constexpr std::string_view kModel = "model";
  if (name.size() != kModel.size()) return false;
  for (size_t i = 0; i < kModel.size(); ++i)
    if ((name[i] | 0x20) != kModel[i]) return false;
  return true;
}

// The members of a body, each name once and written plainly, "model" in no
// other case; nullopt otherwise (then the tree decides what the body means).
std::optional<TopLevel> top_level(std::string_view body) {
  TopLevel t;
  std::string_view names[64];
  size_t count = 0;
  std::string_view name, value;
  for (JsonMembers m(body); m.next(name, value);) {
    if (has_escape(name) || count == std::size(names)) return std::nullopt;
    if (name != "model" && is_model_ignoring_case(name)) return std::nullopt;
    for (size_t i = 0; i < count; ++i)
      if (names[i] == name) return std::nullopt;
    names[count++] = name;
    if (name == "model") t.model = value;
    else if (name == "messages") t.messages = value;
    else if (name == "stream") t.stream = value;
    else if (name == "stream_options") t.stream_options = value;
    else if (name == "max_tokens") t.max_tokens = value;
    else if (name == "max_completion_tokens") t.max_completion_tokens = value;
    else if (name == "provider") t.provider = value;
  }
  return t;
}

// The bytes of message text in a valid `messages` array; nullopt when the
// array is empty or a message is not one the tree would accept as it is
// (no object, no known role, a name repeated or written with an escape, or
// gw's internal thinking_blocks, which the OpenAI adapter must strip).
std::optional<size_t> message_text_size(std::string_view messages) {
  size_t size = 0, count = 0;
  std::string_view message, name, value;
  for (JsonElements list(messages); list.next(message); ++count) {
    if (json_type(message) != JsonType::kObject) return std::nullopt;
    std::string_view role, content;
    for (JsonMembers m(message); m.next(name, value);) {
      if (has_escape(name) || name == "thinking_blocks") return std::nullopt;
      if (name != "role" && name != "content") continue;
      std::string_view& slot = name == "role" ? role : content;
      if (!slot.empty()) return std::nullopt;  // repeated
      slot = value;
    }
    if (!known_role(role)) return std::nullopt;
    auto text = content_size(content);
    if (!text) return std::nullopt;
    size += *text;
  }
  if (count == 0) return std::nullopt;
  return size;
}

// A positive integer limit; nullopt for anything else.
std::optional<int64_t> token_limit(std::string_view value) {
  auto n = json_integer(value);
  if (!n || *n < 1) return std::nullopt;
  return n;
}

// parse_chat_request without a tree, for the requests that need none: the
// body is valid JSON, an object, and every field it reads is well-formed.
// nullopt whenever that is not certain - including every error - so the
// tree path below decides and words it.
std::optional<ChatRequest> read_plain_request(std::string_view body) {
  if (!is_json_object(body)) return std::nullopt;
  auto t = top_level(body);
  if (!t || json_type(t->model) != JsonType::kString || json_type(t->messages) != JsonType::kArray) return std::nullopt;
  auto text_size = message_text_size(t->messages);
  if (!text_size) return std::nullopt;
  ChatRequest r;
  r.model = *json_string(t->model);
  if (!t->stream.empty()) {
    auto stream = json_boolean(t->stream);
    if (!stream) return std::nullopt;
    r.stream = *stream;
  }
  if (json_type(t->stream_options) != JsonType::kNull) {
    if (json_type(t->stream_options) != JsonType::kObject) return std::nullopt;
    std::string_view include_usage, name, value;
    for (JsonMembers m(t->stream_options); m.next(name, value);) {
      if (has_escape(name) || (name == "include_usage" && !include_usage.empty())) return std::nullopt;
      if (name == "include_usage") include_usage = value;
    }
    if (!include_usage.empty()) {
      auto include = json_boolean(include_usage);
      if (!include) return std::nullopt;
      r.include_usage = *include;
    }
  }
  for (std::string_view limit : {t->max_tokens, t->max_completion_tokens}) {
    if (json_type(limit) == JsonType::kNull) continue;
    auto n = token_limit(limit);
    if (!n) return std::nullopt;
    r.max_tokens = n;  // max_completion_tokens (later) wins
  }
  if (!t->provider.empty()) {
    auto provider = json_string(t->provider);
    if (!provider) return std::nullopt;
    r.provider_override = std::move(*provider);
  }
  r.prompt_tokens_estimate = estimate_tokens_of_size(*text_size);
  r.text = std::string(body);
  return r;
}

}  // namespace

const std::string* model_case_variant(const json& body) {
  if (!body.is_object()) return nullptr;
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "model" && is_model_ignoring_case(it.key())) return &it.key();  // a key of the object
  return nullptr;
}

const json& ChatRequest::tree() const {
  if (body.is_null() && !text.empty()) body = parse_json(text);  // validated when it was read
  return body;
}

void ChatRequest::set_max_tokens(int64_t tokens) {
  tree();
  text.clear();
  body["max_tokens"] = tokens;
  max_tokens = tokens;
}

Result<ChatRequest> parse_chat_request(std::string_view body) {
  if (auto plain = read_plain_request(body)) return std::move(*plain);
  ChatRequest r;
  r.body = parse_json(body);
  if (r.body.is_discarded()) return invalid("request body is not valid JSON", "");
  if (!r.body.is_object()) return invalid("request body must be a JSON object", "");
  if (const std::string* twin = model_case_variant(r.body))
    return invalid("'" + *twin + "' repeats 'model' in another case: send 'model' once", *twin);
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
    if (!m.contains("role") || !m["role"].is_string()) return invalid(param + ".role is required", param + ".role");
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
  json out = request.tree();
  out["model"] = native_model;
  out.erase("provider");
  if (request.stream) {
    if (!out.contains("stream_options") || !out["stream_options"].is_object()) out["stream_options"] = json::object();
    out["stream_options"]["include_usage"] = true;
  }
  return out;
}

std::optional<std::string> openai_upstream_text(const ChatRequest& request, std::string_view native_model,
                                                std::span<const JsonEdit> extra) {
  if (request.text.empty()) return std::nullopt;
  std::string model;
  append_json_string(model, native_model);
  std::string stream_options;
  if (request.stream) {
    const JsonEdit include_usage[] = {{"include_usage", "true"}};
    std::string_view current = json_member(request.text, "stream_options");
    stream_options = edit_json_object(json_type(current) == JsonType::kObject ? current : "{}", include_usage);
  }
  std::vector<JsonEdit> edits = {{"model", model}, {"provider", ""}};
  if (request.stream) edits.push_back({"stream_options", stream_options});
  edits.insert(edits.end(), extra.begin(), extra.end());
  return edit_json_object(request.text, edits);
}

}  // namespace gw
