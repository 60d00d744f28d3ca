// openai_responses_dialect.cc - the OpenAI Responses API (POST /v1/responses)
// as a client dialect: requests become canonical chat requests so any
// provider can serve them; answers are rendered back as Response objects and
// Responses SSE events (responses_stream_encoder.cc).
//
// Request translation (field names as the Responses API spells them):
//   instructions            -> a leading system message
//   input (string)          -> one user message
//   input items             -> messages, in order:
//     {role, content} / {type:"message"}: system and developer become
//       "system"; user content parts input_text/input_image/input_file/
//       input_audio become text/image_url/file/input_audio parts; assistant,
//       system and developer content is joined into one string.
//     function_call         -> a tool call on the assistant message it
//       follows (consecutive calls share one assistant message).
//     function_call_output  -> a "tool" message.
//     reasoning             -> dropped, unless its encrypted_content is one
//       gw produced ("gw-thinking:..."): then its thinking blocks (and summary
//       as reasoning_content) go on the next assistant message, so signed
//       thinking survives a tool loop. OpenAI's own encrypted reasoning
//       cannot be replayed to another provider.
//   tools (type function)   -> canonical function tools; built-in tools
//                              (web_search, file_search, custom...) are
//                              refused, never silently dropped.
//   tool_choice, max_output_tokens (-> max_tokens), temperature, top_p,
//   text.format (-> response_format), text.verbosity, reasoning.effort
//   (-> reasoning_effort), parallel_tool_calls, user, prompt_cache_key,
//   safety_identifier, service_tier, stream (usage is always included).
//   previous_response_id, conversation, prompt and background need state gw
//   does not keep and are refused; store, include, metadata, truncation and
//   other fields are ignored.
//
// Pure; thread-safe (the dialect is stateless).
#include "core/dialects/dialect.h"
#include "core/json/json_parse.h"

namespace gw {
namespace responses {
// Defined in responses_stream_encoder.cc.
extern const char kThinkingPrefix[];
std::string render_response_body(const json& canonical, const Usage& usage, const RenderContext& ctx);
std::unique_ptr<ChunkEncoder> make_stream_encoder(const RenderContext& ctx);
}  // namespace responses

namespace {

Error invalid(std::string message, std::string param) {
  return make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param));
}

bool present(const json& obj, const char* key) { return obj.contains(key) && !obj[key].is_null(); }

const std::string* str(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_string()) return nullptr;
  return &obj[key].get_ref<const std::string&>();
}

// Text of a canonical content value, for the token estimate.
void append_text(const json& content, std::string& out) {
  if (content.is_string()) {
    out += content.get_ref<const std::string&>();
  } else if (content.is_array()) {
    for (const auto& part : content)
      if (const std::string* text = str(part, "text")) out += *text;
  }
}

// One Responses content part -> a canonical chat content part.
Result<json> convert_part(const json& part, const std::string& param) {
  const std::string* type = str(part, "type");
  if (!type) return invalid(param + ".type is required", param + ".type");
  if (*type == "input_text" || *type == "output_text" || *type == "text") {
    const std::string* text = str(part, "text");
    if (!text) return invalid(param + ".text must be a string", param + ".text");
    return json{{"type", "text"}, {"text", *text}};
  }
  if (*type == "refusal") {
    const std::string* text = str(part, "refusal");
    if (!text) return invalid(param + ".refusal must be a string", param + ".refusal");
    return json{{"type", "text"}, {"text", *text}};
  }
  if (*type == "input_image") {
    const std::string* url = str(part, "image_url");
    if (!url || url->empty())
      return invalid(param + ".image_url is required (images by file_id are not supported by gw)",
                     param + ".image_url");
    json image = {{"url", *url}};
    if (const std::string* detail = str(part, "detail")) image["detail"] = *detail;
    return json{{"type", "image_url"}, {"image_url", std::move(image)}};
  }
  if (*type == "input_file") {
    if (present(part, "file_url"))
      return invalid(param + ".file_url is not supported by gw; send file_data", param + ".file_url");
    json file = json::object();
    for (const char* key : {"file_data", "file_id", "filename"})
      if (const std::string* v = str(part, key)) file[key] = *v;
    if (!file.contains("file_data") && !file.contains("file_id"))
      return invalid(param + " needs file_data or file_id", param);
    return json{{"type", "file"}, {"file", std::move(file)}};
  }
  if (*type == "input_audio") {
    if (!part.contains("input_audio") || !part["input_audio"].is_object())
      return invalid(param + ".input_audio must be an object", param + ".input_audio");
    return json{{"type", "input_audio"}, {"input_audio", part["input_audio"]}};
  }
  return invalid(param + ".type '" + *type + "' is not supported by gw", param + ".type");
}

// A content value as canonical parts (a string stays a string).
Result<json> convert_content(const json& content, const std::string& param) {
  if (content.is_string()) return content;
  if (!content.is_array()) return invalid(param + " must be a string or an array of content parts", param);
  json parts = json::array();
  for (size_t i = 0; i < content.size(); ++i) {
    Result<json> part = convert_part(content[i], param + "[" + std::to_string(i) + "]");
    if (!part.ok()) return part.error();
    parts.push_back(std::move(part.value()));
  }
  return parts;
}

// Canonical content reduced to one string; only text parts are allowed.
Result<json> text_only(const json& content, const std::string& param, const std::string& role) {
  if (content.is_string()) return content;
  std::string text;
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i]["type"] != "text")
      return invalid(param + "[" + std::to_string(i) + "]: only text content is allowed in " + role + " messages",
                     param + "[" + std::to_string(i) + "]");
    text += content[i]["text"].get<std::string>();
  }
  return json(text);
}

// Builds the canonical message list from instructions and input items.
class InputTranslator {
 public:
  json messages = json::array();

  Status add_item(const json& item, const std::string& param) {
    if (!item.is_object()) return invalid(param + " must be an object", param);
    const std::string* type = str(item, "type");
    if (!type || *type == "message") return add_message(item, param);
    if (*type == "function_call") return add_function_call(item, param);
    if (*type == "function_call_output") return add_function_output(item, param);
    if (*type == "reasoning") return add_reasoning(item);
    return invalid(param + ".type '" + *type + "' is not supported by gw", param + ".type");
  }

 private:
  Status add_message(const json& item, const std::string& param) {
    const std::string* role = str(item, "role");
    if (!role) return invalid(param + ".role is required", param + ".role");
    if (*role != "user" && *role != "assistant" && *role != "system" && *role != "developer")
      return invalid(param + ".role '" + *role + "' is not one of user, assistant, system, developer", param + ".role");
    if (!item.contains("content")) return invalid(param + ".content is required", param + ".content");
    Result<json> content = convert_content(item["content"], param + ".content");
    if (!content.ok()) return content.error();
    if (*role != "user") {
      content = text_only(content.value(), param + ".content", *role);
      if (!content.ok()) return content.error();
    }
    std::string canonical_role = *role == "developer" ? "system" : *role;
    messages.push_back({{"role", canonical_role}, {"content", std::move(content.value())}});
    if (canonical_role == "assistant") attach_reasoning(messages.back());
    pending_blocks_ = json::array();
    pending_reasoning_.clear();
    return ok_status();
  }

  Status add_function_call(const json& item, const std::string& param) {
    const std::string* call_id = str(item, "call_id");
    if (!call_id) return invalid(param + ".call_id is required", param + ".call_id");
    const std::string* name = str(item, "name");
    if (!name) return invalid(param + ".name is required", param + ".name");
    std::string arguments;
    if (const std::string* args = str(item, "arguments")) arguments = *args;
    else if (item.contains("arguments") && item["arguments"].is_object()) arguments = item["arguments"].dump();
    else return invalid(param + ".arguments must be a JSON string", param + ".arguments");
    json call = {{"id", *call_id}, {"type", "function"}, {"function", {{"name", *name}, {"arguments", arguments}}}};
    // A call joins the assistant message it follows (text and/or earlier calls).
    if (messages.empty() || messages.back()["role"] != "assistant")
      messages.push_back({{"role", "assistant"}, {"content", nullptr}});
    json& assistant = messages.back();
    if (!assistant.contains("tool_calls")) assistant["tool_calls"] = json::array();
    assistant["tool_calls"].push_back(std::move(call));
    attach_reasoning(assistant);
    return ok_status();
  }

  Status add_function_output(const json& item, const std::string& param) {
    const std::string* call_id = str(item, "call_id");
    if (!call_id) return invalid(param + ".call_id is required", param + ".call_id");
    if (!item.contains("output")) return invalid(param + ".output is required", param + ".output");
    Result<json> output = convert_content(item["output"], param + ".output");
    if (!output.ok()) return output.error();
    output = text_only(output.value(), param + ".output", "function_call_output");
    if (!output.ok()) return output.error();
    messages.push_back({{"role", "tool"}, {"tool_call_id", *call_id}, {"content", std::move(output.value())}});
    pending_blocks_ = json::array();
    pending_reasoning_.clear();
    return ok_status();
  }

  // Keeps gw's own thinking blocks for the next assistant message.
  Status add_reasoning(const json& item) {
    const std::string* encrypted = str(item, "encrypted_content");
    if (!encrypted || !encrypted->starts_with(responses::kThinkingPrefix)) return ok_status();
    json blocks = parse_json(encrypted->substr(std::string_view(responses::kThinkingPrefix).size()));
    if (!blocks.is_array()) return ok_status();
    for (auto& b : blocks) {
      if (!b.is_object()) continue;
      pending_blocks_.push_back(b);
      if (const std::string* thinking = str(b, "thinking")) pending_reasoning_ += *thinking;
    }
    return ok_status();
  }

  void attach_reasoning(json& assistant) {
    if (pending_blocks_.empty()) return;
    if (!assistant.contains("thinking_blocks")) assistant["thinking_blocks"] = json::array();
    for (auto& b : pending_blocks_) assistant["thinking_blocks"].push_back(std::move(b));
    std::string reasoning = str(assistant, "reasoning_content") ? *str(assistant, "reasoning_content") : "";
    assistant["reasoning_content"] = reasoning + pending_reasoning_;
    pending_blocks_ = json::array();
    pending_reasoning_.clear();
  }

  json pending_blocks_ = json::array();
  std::string pending_reasoning_;
};

// tools[] -> canonical function tools.
Result<json> convert_tools(const json& tools) {
  if (!tools.is_array()) return invalid("'tools' must be an array", "tools");
  json out = json::array();
  for (size_t i = 0; i < tools.size(); ++i) {
    std::string param = "tools[" + std::to_string(i) + "]";
    const json& t = tools[i];
    const std::string* type = str(t, "type");
    if (!type) return invalid(param + ".type is required", param + ".type");
    if (*type != "function") return invalid("tool type '" + *type + "' is not supported by gw", param + ".type");
    const std::string* name = str(t, "name");
    if (!name || name->empty()) return invalid(param + ".name is required", param + ".name");
    json fn = {{"name", *name}};
    if (present(t, "description")) fn["description"] = t["description"];
    if (present(t, "parameters")) {
      if (!t["parameters"].is_object()) return invalid(param + ".parameters must be an object", param + ".parameters");
      fn["parameters"] = t["parameters"];
    }
    if (present(t, "strict")) {
      if (!t["strict"].is_boolean()) return invalid(param + ".strict must be a boolean", param + ".strict");
      fn["strict"] = t["strict"];
    }
    out.push_back({{"type", "function"}, {"function", std::move(fn)}});
  }
  return out;
}

Result<json> convert_tool_choice(const json& choice) {
  if (choice.is_string()) {
    const auto& s = choice.get_ref<const std::string&>();
    if (s == "auto" || s == "none" || s == "required") return choice;
    return invalid("'tool_choice' must be auto, none, required or a function", "tool_choice");
  }
  const std::string* type = str(choice, "type");
  if (!type) return invalid("'tool_choice' must be auto, none, required or a function", "tool_choice");
  if (*type != "function")
    return invalid("tool_choice type '" + *type + "' is not supported by gw", "tool_choice.type");
  const std::string* name = str(choice, "name");
  if (!name) return invalid("'tool_choice.name' is required", "tool_choice.name");
  return json{{"type", "function"}, {"function", {{"name", *name}}}};
}

// text.format -> response_format (nullopt-like null for plain text).
Result<json> convert_text_format(const json& format) {
  const std::string* type = str(format, "type");
  if (!type) return invalid("'text.format.type' is required", "text.format.type");
  if (*type == "text") return json();
  if (*type == "json_object") return json{{"type", "json_object"}};
  if (*type != "json_schema")
    return invalid("text.format type '" + *type + "' is not supported by gw", "text.format.type");
  const std::string* name = str(format, "name");
  if (!name) return invalid("'text.format.name' is required", "text.format.name");
  if (!format.contains("schema") || !format["schema"].is_object())
    return invalid("'text.format.schema' must be an object", "text.format.schema");
  json schema = {{"name", *name}, {"schema", format["schema"]}};
  if (present(format, "strict")) schema["strict"] = format["strict"];
  if (present(format, "description")) schema["description"] = format["description"];
  return json{{"type", "json_schema"}, {"json_schema", std::move(schema)}};
}

// Copies the sampling/tool/format settings onto the canonical body.
Status convert_settings(const json& b, json& out) {
  if (present(b, "max_output_tokens")) {
    if (!b["max_output_tokens"].is_number_integer() || b["max_output_tokens"].get<int64_t>() < 1)
      return invalid("'max_output_tokens' must be a positive integer", "max_output_tokens");
    out["max_tokens"] = b["max_output_tokens"];
  }
  for (const char* key : {"temperature", "top_p"}) {
    if (!present(b, key)) continue;
    if (!b[key].is_number()) return invalid(std::string("'") + key + "' must be a number", key);
    out[key] = b[key];
  }
  for (const char* key : {"user", "prompt_cache_key", "safety_identifier", "service_tier"}) {
    if (!present(b, key)) continue;
    if (!b[key].is_string()) return invalid(std::string("'") + key + "' must be a string", key);
    out[key] = b[key];
  }
  bool has_tools = false;
  if (present(b, "tools")) {
    Result<json> tools = convert_tools(b["tools"]);
    if (!tools.ok()) return tools.error();
    has_tools = !tools.value().empty();
    if (has_tools) out["tools"] = std::move(tools.value());
  }
  // OpenAI rejects tool_choice and parallel_tool_calls without tools.
  if (present(b, "tool_choice")) {
    Result<json> choice = convert_tool_choice(b["tool_choice"]);
    if (!choice.ok()) return choice.error();
    if (has_tools) out["tool_choice"] = std::move(choice.value());
  }
  if (present(b, "parallel_tool_calls")) {
    if (!b["parallel_tool_calls"].is_boolean())
      return invalid("'parallel_tool_calls' must be a boolean", "parallel_tool_calls");
    if (has_tools) out["parallel_tool_calls"] = b["parallel_tool_calls"];
  }
  if (present(b, "text")) {
    const json& text = b["text"];
    if (!text.is_object()) return invalid("'text' must be an object", "text");
    if (present(text, "format")) {
      Result<json> format = convert_text_format(text["format"]);
      if (!format.ok()) return format.error();
      if (!format.value().is_null()) out["response_format"] = std::move(format.value());
    }
    if (present(text, "verbosity")) out["verbosity"] = text["verbosity"];
  }
  if (present(b, "reasoning")) {
    const json& reasoning = b["reasoning"];
    if (!reasoning.is_object()) return invalid("'reasoning' must be an object", "reasoning");
    if (present(reasoning, "effort")) {
      if (!reasoning["effort"].is_string()) return invalid("'reasoning.effort' must be a string", "reasoning.effort");
      out["reasoning_effort"] = reasoning["effort"];
    }
  }
  return ok_status();
}

Result<ChatRequest> parse_responses_request(std::string_view body) {
  json b = parse_json(body);
  if (b.is_discarded()) return invalid("request body is not valid JSON", "");
  if (!b.is_object()) return invalid("request body must be a JSON object", "");
  if (const std::string* twin = model_case_variant(b))
    return invalid("'" + *twin + "' repeats 'model' in another case: send 'model' once", *twin);
  ChatRequest r;
  if (!b.contains("model")) return invalid("you must provide a model parameter", "model");
  if (!b["model"].is_string()) return invalid("'model' must be a string", "model");
  r.model = b["model"].get<std::string>();
  // Stateful features: gw keeps no responses or conversations.
  if (present(b, "previous_response_id"))
    return invalid("previous_response_id is not supported; send the full input", "previous_response_id");
  if (present(b, "conversation")) return invalid("conversation is not supported; send the full input", "conversation");
  if (present(b, "prompt")) return invalid("stored prompts are not supported by gw", "prompt");
  if (present(b, "background") && b["background"] != false)
    return invalid("background responses are not supported by gw", "background");

  InputTranslator input;
  if (present(b, "instructions")) {
    if (!b["instructions"].is_string()) return invalid("'instructions' must be a string", "instructions");
    input.messages.push_back({{"role", "system"}, {"content", b["instructions"]}});
  }
  if (!present(b, "input")) return invalid("'input' is required", "input");
  const json& items = b["input"];
  if (items.is_string()) {
    input.messages.push_back({{"role", "user"}, {"content", items}});
  } else if (items.is_array()) {
    if (items.empty()) return invalid("'input' must contain at least one item", "input");
    for (size_t i = 0; i < items.size(); ++i) {
      Status s = input.add_item(items[i], "input[" + std::to_string(i) + "]");
      if (!s.ok()) return s.error();
    }
  } else {
    return invalid("'input' must be a string or an array of items", "input");
  }

  json out = {{"model", r.model}, {"messages", std::move(input.messages)}};
  Status settings = convert_settings(b, out);
  if (!settings.ok()) return settings.error();
  if (present(b, "stream")) {
    if (!b["stream"].is_boolean()) return invalid("'stream' must be a boolean", "stream");
    r.stream = b["stream"].get<bool>();
  }
  if (r.stream) {
    // Responses streams always end with usage; ask the provider for it.
    out["stream"] = true;
    out["stream_options"] = {{"include_usage", true}};
    r.include_usage = true;
  }
  if (present(b, "provider")) {
    if (!b["provider"].is_string()) return invalid("'provider' must be a provider slug string", "provider");
    r.provider_override = b["provider"].get<std::string>();
  }
  if (out.contains("max_tokens")) r.max_tokens = out["max_tokens"].get<int64_t>();
  std::string text;
  for (const auto& m : out["messages"])
    if (m.contains("content")) append_text(m["content"], text);
  r.prompt_tokens_estimate = estimate_tokens(text);
  r.body = std::move(out);
  return r;
}

class OpenAIResponsesDialect final : public ClientDialect {
 public:
  ClientFormat format() const override { return ClientFormat::kOpenAIResponses; }

  Result<ChatRequest> parse_request(std::string_view body) const override { return parse_responses_request(body); }

  std::string render_response(const json& canonical, const Usage& usage, const RenderContext& ctx) const override {
    return responses::render_response_body(canonical, usage, ctx);
  }

  std::unique_ptr<ChunkEncoder> stream_encoder(const RenderContext& ctx) const override {
    return responses::make_stream_encoder(ctx);
  }

  std::string render_error(const Error& error) const override { return openai_error_body(error); }
};

}  // namespace

const ClientDialect& openai_responses_dialect() {
  static const OpenAIResponsesDialect kDialect;
  return kDialect;
}

}  // namespace gw
