// anthropic_messages_request.cc - an Anthropic Messages request (POST
// /v1/messages and /v1/messages/count_tokens) -> gw's canonical OpenAI
// chat-completions request, validated, with errors named in Anthropic terms
// ("messages.1.content.0.type: ..."). Pure; thread-safe.
#include <utility>

#include "core/base/usage.h"
#include "core/dialects/anthropic_messages_dialect.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

Error invalid(const std::string& param, const std::string& what) {
  return make_error(ErrorKind::kInvalidRequest, param.empty() ? what : param + ": " + what, "invalid_request_error",
                    param);
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_string(const json& obj, const char* key) { return obj.contains(key) && obj[key].is_string(); }
const std::string& str(const json& obj, const char* key) { return obj[key].get_ref<const std::string&>(); }

// Reads an Anthropic request into canonical form, collecting the text the
// token estimate counts. One translator per request.
class RequestTranslator {
 public:
  explicit RequestTranslator(bool require_max_tokens) : require_max_tokens_(require_max_tokens) {}

  Result<json> translate(const json& b);
  const std::string& estimate_text() const { return text_; }

 private:
  Status system(const json& sys, json& messages);
  Status message(const json& m, size_t i, json& messages);
  Status user_turn(const json& content, const std::string& path, json& messages);
  Status assistant_turn(const json& content, const std::string& path, json& messages);
  Status text_block(const json& block, const std::string& path, std::string& text);
  Result<json> image_part(const json& block, const std::string& path);
  Result<json> document_part(const json& block, const std::string& path);
  Status tool_result(const json& block, const std::string& path, json& tool_messages, json& images);
  Status tools(const json& tools, json& out);
  Status tool_choice(const json& choice, json& out);
  Status sampling(const json& b, json& out);

  bool require_max_tokens_;
  std::string text_;
};

// Checks a content block is an object with a string "type"; returns the type.
Result<std::string> block_type(const json& block, const std::string& path) {
  if (!block.is_object()) return invalid(path, "each content block must be an object");
  if (!is_string(block, "type")) return invalid(path + ".type", "field required");
  return str(block, "type");
}

Error unknown_block(const std::string& path, const std::string& type) {
  return invalid(path + ".type", "unknown block type '" + type + "'");
}

Status RequestTranslator::text_block(const json& block, const std::string& path, std::string& text) {
  if (!is_string(block, "text")) return invalid(path + ".text", "field required and must be a string");
  text = str(block, "text");
  text_ += text;
  return ok_status();
}

Status RequestTranslator::system(const json& sys, json& messages) {
  std::string joined;
  if (sys.is_null()) return ok_status();
  if (sys.is_string()) {
    joined = sys.get<std::string>();
    text_ += joined;
  } else if (sys.is_array()) {
    for (size_t i = 0; i < sys.size(); ++i) {
      std::string path = "system." + std::to_string(i);
      auto type = block_type(sys[i], path);
      if (!type.ok()) return type.error();
      if (*type != "text") return invalid(path + ".type", "system blocks must be of type 'text'");
      std::string text;
      if (auto s = text_block(sys[i], path, text); !s.ok()) return s;
      if (!joined.empty()) joined += "\n";
      joined += text;
    }
  } else {
    return invalid("system", "must be a string or an array of text blocks");
  }
  if (!joined.empty()) messages.push_back({{"role", "system"}, {"content", joined}});
  return ok_status();
}

Result<json> RequestTranslator::image_part(const json& block, const std::string& path) {
  if (!block.contains("source") || !block["source"].is_object()) return invalid(path + ".source", "field required");
  const json& src = block["source"];
  std::string type = is_string(src, "type") ? str(src, "type") : "";
  std::string url;
  if (type == "base64") {
    if (!is_string(src, "media_type")) return invalid(path + ".source.media_type", "field required");
    if (!is_string(src, "data")) return invalid(path + ".source.data", "field required");
    url = "data:" + str(src, "media_type") + ";base64," + str(src, "data");
  } else if (type == "url") {
    if (!is_string(src, "url")) return invalid(path + ".source.url", "field required");
    url = str(src, "url");
  } else {
    return invalid(path + ".source.type", "image source type '" + type + "' is not supported (use base64 or url)");
  }
  return json{{"type", "image_url"}, {"image_url", {{"url", url}}}};
}

Result<json> RequestTranslator::document_part(const json& block, const std::string& path) {
  if (!block.contains("source") || !block["source"].is_object()) return invalid(path + ".source", "field required");
  const json& src = block["source"];
  std::string type = is_string(src, "type") ? str(src, "type") : "";
  if (type == "text") {  // a plain-text document is just text
    if (!is_string(src, "data")) return invalid(path + ".source.data", "field required");
    text_ += str(src, "data");
    return json{{"type", "text"}, {"text", str(src, "data")}};
  }
  if (type != "base64")
    return invalid(path + ".source.type",
                   "document source type '" + type + "' is not supported (use base64 PDF or text)");
  if (!is_string(src, "media_type") || str(src, "media_type") != "application/pdf")
    return invalid(path + ".source.media_type", "base64 documents must be application/pdf");
  if (!is_string(src, "data")) return invalid(path + ".source.data", "field required");
  return json{
      {"type", "file"},
      {"file", {{"filename", "document.pdf"}, {"file_data", "data:application/pdf;base64," + str(src, "data")}}}};
}

// A tool_result block -> a canonical tool message; its images (which a tool
// message cannot carry) go to `images` for the user message that follows.
Status RequestTranslator::tool_result(const json& block, const std::string& path, json& tool_messages, json& images) {
  if (!is_string(block, "tool_use_id")) return invalid(path + ".tool_use_id", "field required");
  std::string text;
  if (block.contains("content") && !block["content"].is_null()) {
    const json& c = block["content"];
    if (c.is_string()) {
      text = c.get<std::string>();
      text_ += text;
    } else if (c.is_array()) {
      for (size_t k = 0; k < c.size(); ++k) {
        std::string p = path + ".content." + std::to_string(k);
        auto type = block_type(c[k], p);
        if (!type.ok()) return type.error();
        if (*type == "text") {
          std::string t;
          if (auto s = text_block(c[k], p, t); !s.ok()) return s;
          if (!text.empty()) text += "\n";
          text += t;
        } else if (*type == "image") {
          auto part = image_part(c[k], p);
          if (!part.ok()) return part.error();
          images.push_back(std::move(*part));
        } else {
          return unknown_block(p, *type);
        }
      }
    } else {
      return invalid(path + ".content", "must be a string or an array of blocks");
    }
  }
  if (block.contains("is_error") && !block["is_error"].is_null() && !block["is_error"].is_boolean())
    return invalid(path + ".is_error", "must be a boolean");
  if (block.contains("is_error") && block["is_error"] == true) text = "Error: " + text;
  tool_messages.push_back({{"role", "tool"}, {"tool_call_id", str(block, "tool_use_id")}, {"content", text}});
  return ok_status();
}

Status RequestTranslator::user_turn(const json& content, const std::string& path, json& messages) {
  if (content.is_string()) {
    text_ += content.get<std::string>();
    messages.push_back({{"role", "user"}, {"content", content}});
    return ok_status();
  }
  json tool_messages = json::array(), images = json::array(), parts = json::array();
  for (size_t j = 0; j < content.size(); ++j) {
    std::string p = path + ".content." + std::to_string(j);
    auto type = block_type(content[j], p);
    if (!type.ok()) return type.error();
    Result<json> part = json();
    if (*type == "text") {
      std::string text;
      if (auto s = text_block(content[j], p, text); !s.ok()) return s;
      part = json{{"type", "text"}, {"text", text}};
    } else if (*type == "image") {
      part = image_part(content[j], p);
    } else if (*type == "document") {
      part = document_part(content[j], p);
    } else if (*type == "tool_result") {
      if (auto s = tool_result(content[j], p, tool_messages, images); !s.ok()) return s;
      continue;
    } else if (*type == "tool_use" || *type == "thinking" || *type == "redacted_thinking") {
      return invalid(p + ".type", "'" + *type + "' blocks are only allowed in assistant messages");
    } else {
      return unknown_block(p, *type);
    }
    if (!part.ok()) return part.error();
    parts.push_back(std::move(*part));
  }
  for (auto& m : tool_messages) messages.push_back(std::move(m));
  for (auto it = images.rbegin(); it != images.rend(); ++it) parts.insert(parts.begin(), *it);
  if (!parts.empty()) messages.push_back({{"role", "user"}, {"content", std::move(parts)}});
  return ok_status();
}

Status RequestTranslator::assistant_turn(const json& content, const std::string& path, json& messages) {
  json msg = {{"role", "assistant"}};
  if (content.is_string()) {
    text_ += content.get<std::string>();
    msg["content"] = content;
    messages.push_back(std::move(msg));
    return ok_status();
  }
  std::string text, reasoning;
  json tool_calls = json::array(), thinking_blocks = json::array();
  for (size_t j = 0; j < content.size(); ++j) {
    std::string p = path + ".content." + std::to_string(j);
    auto type = block_type(content[j], p);
    if (!type.ok()) return type.error();
    const json& block = content[j];
    if (*type == "text") {
      std::string t;
      if (auto s = text_block(block, p, t); !s.ok()) return s;
      text += t;
    } else if (*type == "tool_use") {
      if (!is_string(block, "id")) return invalid(p + ".id", "field required");
      if (!is_string(block, "name")) return invalid(p + ".name", "field required");
      if (!block.contains("input") || !block["input"].is_object())
        return invalid(p + ".input", "field required and must be an object");
      std::string arguments = dump(block["input"]);
      text_ += str(block, "name") + arguments;
      tool_calls.push_back({{"id", str(block, "id")},
                            {"type", "function"},
                            {"function", {{"name", str(block, "name")}, {"arguments", arguments}}}});
    } else if (*type == "thinking") {
      if (!is_string(block, "thinking")) return invalid(p + ".thinking", "field required");
      if (block.contains("signature") && !block["signature"].is_string())
        return invalid(p + ".signature", "must be a string");
      json kept = {{"type", "thinking"}, {"thinking", str(block, "thinking")}};
      if (block.contains("signature")) kept["signature"] = block["signature"];
      reasoning += str(block, "thinking");
      text_ += str(block, "thinking");
      thinking_blocks.push_back(std::move(kept));
    } else if (*type == "redacted_thinking") {
      if (!is_string(block, "data")) return invalid(p + ".data", "field required");
      thinking_blocks.push_back({{"type", "redacted_thinking"}, {"data", str(block, "data")}});
    } else if (*type == "image" || *type == "document" || *type == "tool_result") {
      return invalid(p + ".type", "'" + *type + "' blocks are only allowed in user messages");
    } else {
      return unknown_block(p, *type);
    }
  }
  msg["content"] = text.empty() && !tool_calls.empty() ? json(nullptr) : json(text);
  if (!tool_calls.empty()) msg["tool_calls"] = std::move(tool_calls);
  if (!thinking_blocks.empty()) msg["thinking_blocks"] = std::move(thinking_blocks);
  if (!reasoning.empty()) msg["reasoning_content"] = reasoning;
  messages.push_back(std::move(msg));
  return ok_status();
}

Status RequestTranslator::message(const json& m, size_t i, json& messages) {
  std::string path = "messages." + std::to_string(i);
  if (!m.is_object()) return invalid(path, "each message must be an object");
  if (!is_string(m, "role")) return invalid(path + ".role", "field required");
  const std::string& role = str(m, "role");
  if (role != "user" && role != "assistant")
    return invalid(path + ".role", "role '" + role +
                                       "' is not one of user, assistant (use the top-level "
                                       "'system' parameter for system prompts)");
  if (i == 0 && role != "user") return invalid(path + ".role", "first message must use the \"user\" role");
  if (!m.contains("content")) return invalid(path + ".content", "field required");
  const json& content = m["content"];
  if (!content.is_string() && !content.is_array())
    return invalid(path + ".content", "must be a string or an array of content blocks");
  if (role == "user" && content.is_array() && content.empty())
    return invalid(path + ".content", "must contain at least one content block");
  return role == "user" ? user_turn(content, path, messages) : assistant_turn(content, path, messages);
}

Status RequestTranslator::tools(const json& tools, json& out) {
  if (!tools.is_array()) return invalid("tools", "must be an array");
  json list = json::array();
  for (size_t i = 0; i < tools.size(); ++i) {
    std::string path = "tools." + std::to_string(i);
    const json& t = tools[i];
    if (!t.is_object()) return invalid(path, "each tool must be an object");
    if (t.contains("type") && !t["type"].is_null() && t["type"] != "custom") {
      // A server tool (web_search_..., bash_..., ...): kept as sent, for a
      // provider that serves it; adapters that cannot must reject it.
      text_ += dump(t);
      list.push_back(t);
      continue;
    }
    if (!is_string(t, "name")) return invalid(path + ".name", "field required");
    if (!t.contains("input_schema") || !t["input_schema"].is_object())
      return invalid(path + ".input_schema", "field required and must be an object");
    json fn = {{"name", str(t, "name")}};
    if (t.contains("description") && !t["description"].is_null()) {
      if (!t["description"].is_string()) return invalid(path + ".description", "must be a string");
      fn["description"] = t["description"];
      text_ += str(t, "description");
    }
    fn["parameters"] = t["input_schema"];
    text_ += str(t, "name") + dump(t["input_schema"]);
    list.push_back({{"type", "function"}, {"function", std::move(fn)}});
  }
  if (!list.empty()) out["tools"] = std::move(list);
  return ok_status();
}

Status RequestTranslator::tool_choice(const json& choice, json& out) {
  if (!choice.is_object() || !is_string(choice, "type")) return invalid("tool_choice.type", "field required");
  const std::string& type = str(choice, "type");
  if (type == "auto") {
    out["tool_choice"] = "auto";
  } else if (type == "any") {
    out["tool_choice"] = "required";
  } else if (type == "none") {
    out["tool_choice"] = "none";
  } else if (type == "tool") {
    if (!is_string(choice, "name")) return invalid("tool_choice.name", "field required when type is 'tool'");
    out["tool_choice"] = {{"type", "function"}, {"function", {{"name", str(choice, "name")}}}};
  } else {
    return invalid("tool_choice.type", "'" + type + "' is not one of auto, any, tool, none");
  }
  if (choice.contains("disable_parallel_tool_use")) {
    if (!choice["disable_parallel_tool_use"].is_boolean())
      return invalid("tool_choice.disable_parallel_tool_use", "must be a boolean");
    if (choice["disable_parallel_tool_use"].get<bool>()) out["parallel_tool_calls"] = false;
  }
  return ok_status();
}

// temperature, top_p, top_k, stop_sequences, thinking, metadata.
Status RequestTranslator::sampling(const json& b, json& out) {
  for (const char* key : {"temperature", "top_p"}) {
    if (!b.contains(key) || b[key].is_null()) continue;
    if (!b[key].is_number()) return invalid(key, "must be a number");
    out[key] = b[key];
  }
  if (b.contains("top_k") && !b["top_k"].is_null()) {
    if (!b["top_k"].is_number_integer()) return invalid("top_k", "must be an integer");
    out["top_k"] = b["top_k"];
  }
  if (b.contains("stop_sequences") && !b["stop_sequences"].is_null()) {
    const json& stops = b["stop_sequences"];
    if (!stops.is_array()) return invalid("stop_sequences", "must be an array of strings");
    for (size_t i = 0; i < stops.size(); ++i)
      if (!stops[i].is_string()) return invalid("stop_sequences." + std::to_string(i), "must be a string");
    if (!stops.empty()) out["stop"] = stops;
  }
  if (b.contains("thinking") && !b["thinking"].is_null()) {
    const json& t = b["thinking"];
    if (!t.is_object() || !is_string(t, "type")) return invalid("thinking.type", "field required");
    if (str(t, "type") == "enabled") {
      if (!t.contains("budget_tokens") || !t["budget_tokens"].is_number_integer() ||
          t["budget_tokens"].get<int64_t>() < 1)
        return invalid("thinking.budget_tokens", "field required and must be a positive integer");
      int64_t budget = t["budget_tokens"].get<int64_t>();
      out["reasoning_effort"] = budget < 4096 ? "low" : budget < 16384 ? "medium" : "high";
    }
    out["thinking"] = t;
  }
  if (b.contains("metadata") && !b["metadata"].is_null()) {
    const json& md = b["metadata"];
    if (!md.is_object()) return invalid("metadata", "must be an object");
    if (md.contains("user_id") && !md["user_id"].is_null()) {
      if (!md["user_id"].is_string()) return invalid("metadata.user_id", "must be a string");
      out["user"] = md["user_id"];
    }
  }
  return ok_status();
}

Result<json> RequestTranslator::translate(const json& b) {
  if (!b.is_object()) return invalid("", "request body must be a JSON object");
  if (!b.contains("model")) return invalid("model", "field required");
  if (!b["model"].is_string()) return invalid("model", "must be a string");
  json out = {{"model", b["model"]}};
  if (b.contains("max_tokens") && !b["max_tokens"].is_null()) {
    if (!b["max_tokens"].is_number_integer() || b["max_tokens"].get<int64_t>() < 1)
      return invalid("max_tokens", "must be a positive integer");
    out["max_tokens"] = b["max_tokens"];
  } else if (require_max_tokens_) {
    return invalid("max_tokens", "field required");
  }
  if (!b.contains("messages")) return invalid("messages", "field required");
  if (!b["messages"].is_array()) return invalid("messages", "must be an array");
  if (b["messages"].empty()) return invalid("messages", "at least one message is required");
  json messages = json::array();
  if (b.contains("system"))
    if (auto s = system(b["system"], messages); !s.ok()) return s.error();
  for (size_t i = 0; i < b["messages"].size(); ++i)
    if (auto s = message(b["messages"][i], i, messages); !s.ok()) return s.error();
  out["messages"] = std::move(messages);
  if (b.contains("tools") && !b["tools"].is_null())
    if (auto s = tools(b["tools"], out); !s.ok()) return s.error();
  if (b.contains("tool_choice") && !b["tool_choice"].is_null())
    if (auto s = tool_choice(b["tool_choice"], out); !s.ok()) return s.error();
  if (auto s = sampling(b, out); !s.ok()) return s.error();
  if (b.contains("stream") && !b["stream"].is_null()) {
    if (!b["stream"].is_boolean()) return invalid("stream", "must be a boolean");
    if (b["stream"].get<bool>()) {
      out["stream"] = true;
      out["stream_options"] = {{"include_usage", true}};  // Anthropic streams always carry usage
    }
  }
  if (b.contains("provider")) {
    if (!b["provider"].is_string()) return invalid("provider", "must be a provider slug string");
    out["provider"] = b["provider"];
  }
  return out;
}

Result<json> parse_body(std::string_view body) {
  json b = parse_json(body);
  if (b.is_discarded()) return invalid("", "request body is not valid JSON");
  if (const std::string* twin = model_case_variant(b))
    return invalid(*twin, "repeats 'model' in another case: send 'model' once");
  return b;
}

}  // namespace

Result<ChatRequest> parse_anthropic_request(std::string_view body) {
  auto b = parse_body(body);
  if (!b.ok()) return b.error();
  RequestTranslator translator(/*require_max_tokens=*/true);
  auto canonical = translator.translate(*b);
  if (!canonical.ok()) return canonical.error();
  ChatRequest r;
  r.body = std::move(*canonical);
  r.model = r.body["model"].get<std::string>();
  r.max_tokens = r.body["max_tokens"].get<int64_t>();
  r.stream = r.body.contains("stream");
  r.include_usage = r.stream;  // Anthropic streams always carry usage
  if (r.body.contains("provider")) r.provider_override = r.body["provider"].get<std::string>();
  r.prompt_tokens_estimate = estimate_tokens(translator.estimate_text());
  return r;
}

Result<int64_t> anthropic_count_tokens(std::string_view body) {
  auto b = parse_body(body);
  if (!b.ok()) return b.error();
  RequestTranslator translator(/*require_max_tokens=*/false);
  auto canonical = translator.translate(*b);
  if (!canonical.ok()) return canonical.error();
  return estimate_tokens(translator.estimate_text());
}

}  // namespace gw
