// The Anthropic Messages adapter: canonical request -> Message request, and
// Message response -> canonical chat.completion. The stream decoder is in
// anthropic_stream_decoder.cc. See anthropic_adapter.h for the contract.
#include "core/dialects/anthropic_adapter.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/dialects/openai_usage.h"
#include "core/dialects/token_count.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

// Thinking budgets for OpenAI's reasoning_effort, in tokens.
constexpr int64_t kBudgetLow = 1024;  // also Anthropic's minimum budget
constexpr int64_t kBudgetMedium = 8192;
constexpr int64_t kBudgetHigh = 24576;

Error invalid(std::string message, std::string param) {
  return make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param));
}

Error unsupported(std::string what, std::string param) {
  return make_error(ErrorKind::kInvalidRequest, what + " is not supported by anthropic", "unsupported_parameter",
                    std::move(param));
}

// The string at j[key], or nullptr when absent or not a string.
const std::string* str(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::string string_or(const json& j, const char* key) {
  const std::string* s = str(j, key);
  return s ? *s : std::string();
}

bool present(const json& j, const char* key) { return j.contains(key) && !j[key].is_null(); }

// Requests Anthropic cannot serve as asked; refusing beats answering wrongly.
Status check_supported(const json& b) {
  if (present(b, "n") && !(b["n"].is_number_integer() && b["n"].get<int64_t>() == 1))
    return unsupported("'n' other than 1 (Anthropic returns one choice)", "n");
  if (present(b, "logprobs") && !(b["logprobs"].is_boolean() && !b["logprobs"].get<bool>()))
    return unsupported("logprobs", "logprobs");
  if (present(b, "top_logprobs")) return unsupported("top_logprobs", "top_logprobs");
  if (present(b, "response_format")) {
    const std::string* type = str(b["response_format"], "type");
    if (!type || *type != "text") return unsupported("response_format", "response_format");
  }
  if (present(b, "audio")) return unsupported("audio output", "audio");
  if (b.contains("modalities") && b["modalities"].is_array())
    for (const auto& m : b["modalities"])
      if (m == "audio") return unsupported("audio output", "modalities");
  if (present(b, "functions")) return unsupported("legacy 'functions' (use 'tools')", "functions");
  if (present(b, "function_call")) return unsupported("legacy 'function_call' (use 'tool_choice')", "function_call");
  if (b.contains("logit_bias") && b["logit_bias"].is_object() && !b["logit_bias"].empty())
    return unsupported("logit_bias", "logit_bias");
  return ok_status();
}

// "data:<media type>;base64,<data>" -> {media type, data}; false if not one.
bool split_data_url(const std::string& url, std::string& media_type, std::string& data) {
  if (url.rfind("data:", 0) != 0) return false;
  size_t comma = url.find(',');
  size_t marker = url.find(";base64");
  if (comma == std::string::npos || marker == std::string::npos || marker > comma) return false;
  media_type = url.substr(5, marker - 5);
  data = url.substr(comma + 1);
  return true;
}

Result<json> image_block(const json& part, const std::string& param) {
  const json& image = part.contains("image_url") ? part["image_url"] : json();
  const std::string* url = image.is_string() ? &image.get_ref<const std::string&>() : str(image, "url");
  if (!url) return invalid(param + ".image_url.url is required", param + ".image_url.url");
  std::string media_type, data;
  if (split_data_url(*url, media_type, data))
    return json{{"type", "image"}, {"source", {{"type", "base64"}, {"media_type", media_type}, {"data", data}}}};
  if (url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0)
    return json{{"type", "image"}, {"source", {{"type", "url"}, {"url", *url}}}};
  return invalid(param + ".image_url.url must be a base64 data: URL or an http(s) URL", param + ".image_url.url");
}

Result<json> document_block(const json& part, const std::string& param) {
  const json& file = part.contains("file") ? part["file"] : json();
  std::string media_type, data;
  const std::string* file_data = str(file, "file_data");
  if (!file_data || !split_data_url(*file_data, media_type, data) || media_type != "application/pdf")
    return unsupported("a file other than a PDF sent inline as a data: URL in file.file_data", param + ".file");
  return json{{"type", "document"}, {"source", {{"type", "base64"}, {"media_type", media_type}, {"data", data}}}};
}

// A text block, keeping a prompt-cache marker when the part carries one.
json text_block(const std::string& text, const json& part) {
  json block = {{"type", "text"}, {"text", text}};
  if (part.is_object() && part.contains("cache_control")) block["cache_control"] = part["cache_control"];
  return block;
}

// Canonical content (string or parts) -> Anthropic content blocks. Empty
// text is skipped: Anthropic rejects empty text blocks.
Result<json> content_blocks(const json& content, const std::string& param) {
  json blocks = json::array();
  if (content.is_null()) return blocks;
  if (content.is_string()) {
    if (!content.get_ref<const std::string&>().empty()) blocks.push_back(text_block(content.get<std::string>(), {}));
    return blocks;
  }
  if (!content.is_array()) return invalid(param + ".content must be a string or an array of parts", param + ".content");
  for (size_t i = 0; i < content.size(); ++i) {
    const json& part = content[i];
    std::string part_param = param + ".content[" + std::to_string(i) + "]";
    const std::string* type = str(part, "type");
    if (!type) return invalid(part_param + ".type is required", part_param + ".type");
    if (*type == "text" || *type == "refusal") {
      const std::string* text = str(part, *type == "text" ? "text" : "refusal");
      if (!text) return invalid(part_param + " has no text", part_param);
      if (!text->empty()) blocks.push_back(text_block(*text, part));
    } else if (*type == "image_url") {
      auto block = image_block(part, part_param);
      if (!block) return block.error();
      blocks.push_back(std::move(block.value()));
    } else if (*type == "file") {
      auto block = document_block(part, part_param);
      if (!block) return block.error();
      blocks.push_back(std::move(block.value()));
    } else if (*type == "input_audio") {
      return unsupported("audio input", part_param);
    } else {
      return invalid(part_param + ".type '" + *type + "' is not supported by anthropic", part_param + ".type");
    }
  }
  return blocks;
}

// An assistant turn's thinking: its signed blocks, or one built from
// reasoning_content plus thinking_signature. Unsigned reasoning is dropped
// (Anthropic rejects thinking blocks without a signature).
json thinking_blocks(const json& m) {
  json blocks = json::array();
  if (m.contains("thinking_blocks") && m["thinking_blocks"].is_array()) {
    for (const auto& b : m["thinking_blocks"]) {
      const std::string* type = str(b, "type");
      if (type && *type == "thinking" && str(b, "thinking") && str(b, "signature"))
        blocks.push_back({{"type", "thinking"}, {"thinking", b["thinking"]}, {"signature", b["signature"]}});
      else if (type && *type == "redacted_thinking" && str(b, "data"))
        blocks.push_back({{"type", "redacted_thinking"}, {"data", b["data"]}});
    }
  } else if (str(m, "reasoning_content") && str(m, "thinking_signature")) {
    blocks.push_back(
        {{"type", "thinking"}, {"thinking", m["reasoning_content"]}, {"signature", m["thinking_signature"]}});
  }
  return blocks;
}

Result<json> tool_use_blocks(const json& calls, const std::string& param) {
  json blocks = json::array();
  if (!calls.is_array()) return invalid(param + ".tool_calls must be an array", param + ".tool_calls");
  for (size_t i = 0; i < calls.size(); ++i) {
    std::string p = param + ".tool_calls[" + std::to_string(i) + "]";
    const json& call = calls[i];
    const json& fn = call.is_object() && call.contains("function") ? call["function"] : json();
    const std::string* id = str(call, "id");
    const std::string* name = str(fn, "name");
    if (!id || !name) return invalid(p + " needs an id and function.name", p);
    const std::string* args = str(fn, "arguments");
    json input = json::object();
    if (args && !args->empty()) {
      input = parse_json(*args);
      if (input.is_discarded() || !input.is_object())
        return invalid(p + ".function.arguments must be a JSON object", p + ".function.arguments");
    }
    blocks.push_back({{"type", "tool_use"}, {"id", *id}, {"name", *name}, {"input", std::move(input)}});
  }
  return blocks;
}

Result<json> tool_result_block(const json& m, const std::string& param) {
  const std::string* id = str(m, "tool_call_id");
  if (!id) return invalid(param + ".tool_call_id is required", param + ".tool_call_id");
  json block = {{"type", "tool_result"}, {"tool_use_id", *id}};
  const json& content = m.contains("content") ? m["content"] : json();
  if (content.is_string()) {
    block["content"] = content;
  } else {
    auto blocks = content_blocks(content, param);
    if (!blocks) return blocks.error();
    block["content"] = std::move(blocks.value());
  }
  return block;
}

struct Turn {
  std::string role;  // "user" or "assistant"
  json blocks = json::array();
};

// Appends blocks to the conversation, merging into the previous turn when it
// has the same role (Anthropic requires user/assistant alternation).
void add_turn(std::vector<Turn>& turns, const std::string& role, json blocks) {
  if (blocks.empty()) return;
  if (turns.empty() || turns.back().role != role) turns.push_back({role, json::array()});
  for (auto& b : blocks) turns.back().blocks.push_back(std::move(b));
}

// Canonical messages -> Anthropic "messages" plus the "system" prompt pieces.
Result<json> convert_messages(const json& messages, json& system_blocks) {
  std::vector<Turn> turns;
  for (size_t i = 0; i < messages.size(); ++i) {
    const json& m = messages[i];
    std::string param = "messages[" + std::to_string(i) + "]";
    const std::string* role = str(m, "role");
    if (!role) return invalid(param + ".role is required", param + ".role");
    const json& content = m.contains("content") ? m["content"] : json();
    if (*role == "system" || *role == "developer") {
      auto blocks = content_blocks(content, param);
      if (!blocks) return blocks.error();
      for (auto& b : blocks.value()) {
        if (b["type"] != "text") return invalid(param + ": a system message may only hold text", param + ".content");
        system_blocks.push_back(std::move(b));
      }
    } else if (*role == "user") {
      auto blocks = content_blocks(content, param);
      if (!blocks) return blocks.error();
      add_turn(turns, "user", std::move(blocks.value()));
    } else if (*role == "assistant") {
      json blocks = thinking_blocks(m);
      auto text = content_blocks(content, param);
      if (!text) return text.error();
      for (auto& b : text.value()) blocks.push_back(std::move(b));
      if (present(m, "tool_calls")) {
        auto calls = tool_use_blocks(m["tool_calls"], param);
        if (!calls) return calls.error();
        for (auto& b : calls.value()) blocks.push_back(std::move(b));
      }
      add_turn(turns, "assistant", std::move(blocks));
    } else if (*role == "tool") {
      auto block = tool_result_block(m, param);
      if (!block) return block.error();
      add_turn(turns, "user", json::array({std::move(block.value())}));
    } else {
      return unsupported("role '" + *role + "' (use tools)", param + ".role");
    }
  }
  json out = json::array();
  for (auto& t : turns) {
    // A lone plain text block is sent as a string, the form most examples use.
    const json& only = t.blocks[0];
    bool plain = t.blocks.size() == 1 && only["type"] == "text" && only.size() == 2;
    out.push_back({{"role", t.role}, {"content", plain ? only["text"] : std::move(t.blocks)}});
  }
  return out;
}

// Anthropic's server tools are versioned by date: "web_search_20250305".
bool is_server_tool(const std::string& type) {
  if (type.size() < 10 || type[type.size() - 9] != '_') return false;
  for (size_t i = type.size() - 8; i < type.size(); ++i)
    if (type[i] < '0' || type[i] > '9') return false;
  return true;
}

Result<json> convert_tools(const json& tools) {
  json out = json::array();
  if (!tools.is_array()) return invalid("'tools' must be an array", "tools");
  for (size_t i = 0; i < tools.size(); ++i) {
    std::string param = "tools[" + std::to_string(i) + "]";
    const std::string* type = str(tools[i], "type");
    if (type && is_server_tool(*type) && str(tools[i], "name")) {
      out.push_back(tools[i]);  // an Anthropic server tool, as an Anthropic client sent it
      continue;
    }
    if (!type || *type != "function") return unsupported(param + " of type other than 'function'", param + ".type");
    const json& fn = tools[i].contains("function") ? tools[i]["function"] : json();
    const std::string* name = str(fn, "name");
    if (!name) return invalid(param + ".function.name is required", param + ".function.name");
    json tool = {{"name", *name}};
    if (const std::string* d = str(fn, "description")) tool["description"] = *d;
    tool["input_schema"] = fn.contains("parameters") && fn["parameters"].is_object()
                               ? fn["parameters"]
                               : json{{"type", "object"}, {"properties", json::object()}};
    if (tools[i].contains("cache_control")) tool["cache_control"] = tools[i]["cache_control"];
    out.push_back(std::move(tool));
  }
  return out;
}

// OpenAI tool_choice (+ parallel_tool_calls) -> Anthropic tool_choice; null when none to send.
Result<json> convert_tool_choice(const json& b) {
  json choice;
  if (present(b, "tool_choice")) {
    const json& tc = b["tool_choice"];
    const std::string* name = tc.is_object() && tc.contains("function") ? str(tc["function"], "name") : nullptr;
    if (tc == "auto") choice = {{"type", "auto"}};
    else if (tc == "required") choice = {{"type", "any"}};
    else if (tc == "none") choice = {{"type", "none"}};
    else if (name) choice = {{"type", "tool"}, {"name", *name}};
    else return invalid("'tool_choice' must be auto, required, none or a function", "tool_choice");
  }
  bool serial = b.contains("parallel_tool_calls") && b["parallel_tool_calls"] == false;
  if (serial && choice.is_null()) choice = {{"type", "auto"}};
  if (serial && choice["type"] != "none") choice["disable_parallel_tool_use"] = true;
  return choice;
}

// The canonical "thinking" object, else one derived from reasoning_effort.
Result<json> convert_thinking(const json& b) {
  if (b.contains("thinking") && b["thinking"].is_object()) return b["thinking"];
  if (!present(b, "reasoning_effort")) return json();
  const std::string* effort = str(b, "reasoning_effort");
  int64_t budget = 0;
  if (effort && (*effort == "minimal" || *effort == "low")) budget = kBudgetLow;
  else if (effort && *effort == "medium") budget = kBudgetMedium;
  else if (effort && *effort == "high") budget = kBudgetHigh;
  else if (effort && *effort == "none") return json();
  else return invalid("'reasoning_effort' must be none, minimal, low, medium or high", "reasoning_effort");
  return json{{"type", "enabled"}, {"budget_tokens", budget}};
}

// Anthropic requires max_tokens > budget_tokens. A max_tokens the caller set
// is never changed: a budget the caller chose that does not fit is refused
// (as Anthropic would refuse it), one gw derived from reasoning_effort is
// lowered to fit (refused below Anthropic's minimum budget). Without a
// max_tokens from the caller, gw's default makes room above the budget.
Status fit_thinking(const json& b, std::optional<int64_t> caller_max, json& thinking, json& out) {
  const json& budget = thinking.contains("budget_tokens") ? thinking["budget_tokens"] : json();
  if (!budget.is_number_integer()) return ok_status();
  const int64_t tokens = budget.get<int64_t>();
  if (!caller_max) {
    if (tokens >= out["max_tokens"].get<int64_t>()) out["max_tokens"] = tokens + kAnthropicDefaultMaxTokens;
    return ok_status();
  }
  if (tokens < *caller_max) return ok_status();
  if (b.contains("thinking"))
    return invalid("thinking.budget_tokens (" + std::to_string(tokens) + ") must be less than max_tokens (" +
                       std::to_string(*caller_max) + ")",
                   "thinking.budget_tokens");
  if (*caller_max - 1 < kBudgetLow)
    return invalid("reasoning_effort needs max_tokens above " + std::to_string(kBudgetLow) + " on anthropic",
                   "reasoning_effort");
  thinking["budget_tokens"] = *caller_max - 1;
  return ok_status();
}

Result<json> build_body(const ChatRequest& request, std::string_view native_model) {
  const json& b = request.tree();
  if (auto st = check_supported(b); !st) return st.error();
  json system = json::array();
  if (!b.contains("messages") || !b["messages"].is_array()) return invalid("'messages' must be an array", "messages");
  auto messages = convert_messages(b["messages"], system);
  if (!messages) return messages.error();
  json out = {{"model", native_model}, {"messages", std::move(messages.value())}};
  out["max_tokens"] = request.max_tokens.value_or(kAnthropicDefaultMaxTokens);
  if (system.size() == 1 && system[0].size() == 2) out["system"] = system[0]["text"];
  else if (!system.empty()) out["system"] = std::move(system);
  if (present(b, "stop")) {
    const json& stop = b["stop"];
    if (stop.is_string()) out["stop_sequences"] = json::array({stop});
    else if (stop.is_array()) out["stop_sequences"] = stop;
    else return invalid("'stop' must be a string or an array of strings", "stop");
  }
  for (const char* field : {"temperature", "top_p", "top_k"})
    if (present(b, field)) out[field] = b[field];
  if (present(b, "tools") && !b["tools"].empty()) {
    auto tools = convert_tools(b["tools"]);
    if (!tools) return tools.error();
    out["tools"] = std::move(tools.value());
    auto choice = convert_tool_choice(b);
    if (!choice) return choice.error();
    if (!choice->is_null()) out["tool_choice"] = std::move(choice.value());
  }
  auto thinking = convert_thinking(b);
  if (!thinking) return thinking.error();
  if (!thinking->is_null()) {
    if (auto st = fit_thinking(b, request.max_tokens, thinking.value(), out); !st) return st.error();
    out["thinking"] = std::move(thinking.value());
  }
  if (const std::string* user = str(b, "user")) out["metadata"] = {{"user_id", *user}};
  if (request.stream) out["stream"] = true;
  return out;
}

// An Anthropic Message (or error) body -> canonical chat.completion.
Result<json> parse_message(const json& body) {
  const std::string* kind = str(body, "type");
  if (kind && *kind == "error") {
    const json& e = body.contains("error") ? body["error"] : json();
    const std::string* message = str(e, "message");
    const std::string* type = str(e, "type");
    return make_error(ErrorKind::kUpstreamError, message ? *message : "anthropic: unspecified error",
                      type ? *type : "");
  }
  if (!kind || *kind != "message" || !body.contains("content") || !body["content"].is_array())
    return make_error(ErrorKind::kUpstreamError, "anthropic: response is not a message");
  std::string text, reasoning;
  json tool_calls = json::array(), thinking = json::array();
  bool has_text = false;
  for (const auto& block : body["content"]) {
    const std::string* type = str(block, "type");
    if (!type) continue;
    if (*type == "text" && str(block, "text")) {
      text += *str(block, "text");
      has_text = true;
    } else if (*type == "tool_use") {
      const json& input = block.contains("input") ? block["input"] : json::object();
      tool_calls.push_back({{"id", string_or(block, "id")},
                            {"type", "function"},
                            {"function", {{"name", string_or(block, "name")}, {"arguments", input.dump()}}}});
    } else if (*type == "thinking" && str(block, "thinking")) {
      reasoning += *str(block, "thinking");
      thinking.push_back(
          {{"type", "thinking"}, {"thinking", block["thinking"]}, {"signature", string_or(block, "signature")}});
    } else if (*type == "redacted_thinking" && str(block, "data")) {
      thinking.push_back({{"type", "redacted_thinking"}, {"data", block["data"]}});
    }  // server tool blocks and other types have no canonical form
  }
  json message = {{"role", "assistant"}, {"content", !has_text && !tool_calls.empty() ? json(nullptr) : json(text)}};
  if (!tool_calls.empty()) message["tool_calls"] = std::move(tool_calls);
  if (!thinking.empty()) {
    if (!reasoning.empty()) message["reasoning_content"] = reasoning;
    message["thinking_blocks"] = std::move(thinking);
  }
  // "created" is 0: core reads no clock; renderers report RenderContext::created_s.
  json out = {{"id", string_or(body, "id")},
              {"object", "chat.completion"},
              {"created", 0},
              {"model", string_or(body, "model")},
              {"choices", json::array({{{"index", 0},
                                        {"message", std::move(message)},
                                        {"logprobs", nullptr},
                                        {"finish_reason", anthropic_finish_reason(string_or(body, "stop_reason"))}}})}};
  if (body.contains("usage") && body["usage"].is_object()) out["usage"] = anthropic_usage_to_openai(body["usage"]);
  return out;
}

Result<json> checked_build_body(const ChatRequest& request, std::string_view native_model) {
  try {
    return build_body(request, native_model);
  } catch (const json::exception& e) {  // a field of an unexpected type slipped past the checks
    return invalid(std::string("request cannot be translated for anthropic: ") + e.what(), "");
  }
}

class AnthropicAdapter final : public ProviderAdapter {
 public:
  WireFormat wire() const override { return WireFormat::kAnthropic; }

  Result<HttpRequest> build_request(const ChatRequest& request, std::string_view native_model,
                                    const ProviderEndpoint& endpoint) const override {
    Result<json> body = checked_build_body(request, native_model);
    if (!body) return body.error();
    HttpRequest http;
    http.method = "POST";
    http.url = provider_url(endpoint, "/messages");
    if (!endpoint.api_key.empty()) http.headers.add("x-api-key", endpoint.api_key);
    http.headers.add("anthropic-version", kAnthropicVersion);
    http.headers.add("Content-Type", "application/json");
    if (request.stream) http.headers.add("Accept", "text/event-stream");
    http.body = body->dump();
    return http;
  }

  Result<json> parse_response(std::string_view text) const override {
    json body = parse_json(text);
    if (body.is_discarded() || !body.is_object())
      return make_error(ErrorKind::kUpstreamError, "anthropic: response is not a JSON object");
    try {
      return parse_message(body);
    } catch (const json::exception& e) {  // a field of an unexpected type
      return make_error(ErrorKind::kUpstreamError, std::string("anthropic: malformed message: ") + e.what());
    }
  }

  std::unique_ptr<ChunkDecoder> stream_decoder() const override { return anthropic_stream_decoder(); }
};

}  // namespace

const ProviderAdapter& anthropic_adapter() {
  static const AnthropicAdapter adapter;
  return adapter;
}

std::string_view anthropic_finish_reason(std::string_view stop_reason) {
  if (stop_reason == "max_tokens") return "length";
  if (stop_reason == "tool_use") return "tool_calls";
  if (stop_reason == "refusal") return "content_filter";
  return "stop";  // end_turn, stop_sequence, pause_turn, and anything new
}

json anthropic_usage_to_openai(const json& usage) {
  auto count = [](const json& obj, const char* key) {
    return obj.is_object() && obj.contains(key) ? reported_token_count(obj[key]) : int64_t{0};
  };
  const int64_t cache_read = count(usage, "cache_read_input_tokens");
  const int64_t writes = count(usage, "cache_creation_input_tokens");
  // The 1-hour part of the writes, when the provider splits them.
  const int64_t hour = usage.contains("cache_creation")
                           ? std::clamp<int64_t>(count(usage["cache_creation"], "ephemeral_1h_input_tokens"), 0, writes)
                           : 0;
  const int64_t prompt = count(usage, "input_tokens") + cache_read + writes;
  const int64_t completion = count(usage, "output_tokens");
  json details = {{"cached_tokens", cache_read}};
  if (writes > 0) {
    details[std::string(kCanonicalCacheWrite)] = writes - hour;
    details[std::string(kCanonicalCacheWrite1h)] = hour;
  }
  return {{"prompt_tokens", prompt},
          {"completion_tokens", completion},
          {"total_tokens", prompt + completion},
          {"prompt_tokens_details", std::move(details)}};
}

}  // namespace gw
