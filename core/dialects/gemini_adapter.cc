// gemini_adapter.cc - canonical <-> Gemini generateContent (see gemini_adapter.h
// for the contract and the choices made where the formats do not line up).
#include "core/dialects/gemini_adapter.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/dialects/token_count.h"
#include "core/http/sse.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

Error invalid(std::string message, std::string param = {}) {
  return make_error(ErrorKind::kInvalidRequest, "gemini: " + std::move(message), "invalid_request_error",
                    std::move(param));
}
Error upstream(std::string message) { return make_error(ErrorKind::kUpstreamError, "gemini: " + std::move(message)); }

bool has(const json& j, const char* key) { return j.is_object() && j.contains(key) && !j[key].is_null(); }
std::string str(const json& j, const char* key) {
  return has(j, key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
int64_t count(const json& j, const char* key) {
  return has(j, key) ? std::max<int64_t>(0, reported_token_count(j[key])) : 0;
}

// ---- request -------------------------------------------------------------------
std::string guess_mime(std::string url) {
  static const std::pair<const char*, const char*> kTypes[] = {{"png", "image/png"},   {"gif", "image/gif"},
                                                               {"webp", "image/webp"}, {"heic", "image/heic"},
                                                               {"heif", "image/heif"}, {"pdf", "application/pdf"}};
  url = url.substr(0, url.find_first_of("?#"));
  std::string ext = url.substr(url.find_last_of('.') + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [e, mime] : kTypes)
    if (ext == e) return mime;
  return "image/jpeg";
}

// Builds one GenerateContentRequest body from a canonical request. The first
// error wins: after fail() the remaining steps' output is discarded.
class RequestBuilder {
 public:
  explicit RequestBuilder(const json& body) : b_(body) {}

  Result<json> build(std::optional<int64_t> max_tokens) {
    check_supported();
    if (b_.contains("messages") && b_["messages"].is_array()) add_messages(b_["messages"]);
    if (!error_ && contents_.empty()) fail("the conversation has no user or assistant content", "messages");
    json out = {{"contents", contents_}};
    if (!system_.empty()) out["systemInstruction"] = {{"parts", system_}};
    if (json gc = generation_config(max_tokens); !gc.empty()) out["generationConfig"] = std::move(gc);
    if (has(b_, "tools") && b_["tools"].is_array() && !b_["tools"].empty()) out["tools"] = tools(b_["tools"]);
    if (has(b_, "tool_choice")) out["toolConfig"] = tool_config(b_["tool_choice"]);
    if (error_) return *error_;
    return out;
  }

 private:
  json fail(std::string message, std::string param) {
    if (!error_) error_ = invalid(std::move(message), std::move(param));
    return json();
  }

  void check_supported() {
    if (has(b_, "logprobs") && b_["logprobs"] != false) fail("logprobs are not supported", "logprobs");
    if (has(b_, "top_logprobs")) fail("top_logprobs is not supported", "top_logprobs");
    if (has(b_, "audio")) fail("audio output is not supported", "audio");
    if (has(b_, "modalities") && b_["modalities"] != json::array({"text"}))
      fail("only text output is supported", "modalities");
    if (has(b_, "logit_bias") && !b_["logit_bias"].empty()) fail("logit_bias is not supported", "logit_bias");
  }

  // JSON Schema -> Gemini Schema: unknown keywords dropped, local $refs inlined.
  json schema(const json& s, const json& root, const std::string& param, int depth = 0) {
    if (depth > 32) return fail("schema nests too deeply (recursive $ref is not supported)", param);
    if (!s.is_object()) return json::object();  // `true`: anything
    if (has(s, "$ref")) {
      std::string ref = str(s, "$ref");
      for (const char* defs : {"$defs", "definitions"}) {
        std::string prefix = std::string("#/") + defs + "/", name = ref.substr(std::min(ref.size(), prefix.size()));
        if (ref.rfind(prefix, 0) == 0 && has(root, defs) && has(root[defs], name.c_str()))
          return schema(root[defs][name], root, param, depth + 1);
      }
      return fail("schema $ref '" + ref + "' cannot be resolved", param);
    }
    // Keywords Gemini's Schema (an OpenAPI 3.0 subset) accepts as they are.
    static const std::set<std::string> kKeep = {
        "type",     "format",   "title",   "description",   "nullable",        "enum",      "required",
        "minItems", "maxItems", "minimum", "minProperties", "maxProperties",   "minLength", "maxLength",
        "pattern",  "maximum",  "default", "example",       "propertyOrdering"};
    json out = json::object();
    for (const auto& [k, v] : s.items()) {
      if (k == "properties" && v.is_object()) {
        for (const auto& [name, sub] : v.items()) out[k][name] = schema(sub, root, param, depth + 1);
      } else if (k == "items") {
        out[k] = schema(v, root, param, depth + 1);
      } else if ((k == "anyOf" || k == "oneOf") && v.is_array()) {
        for (const auto& sub : v) out["anyOf"].push_back(schema(sub, root, param, depth + 1));
      } else if (k == "type" && v.is_array()) {
        for (const auto& t : v) {
          if (t == "null") out["nullable"] = true;
          else if (!out.contains("type")) out["type"] = t;
        }
      } else if (k == "const") {
        out["enum"] = json::array({v});
      } else if (kKeep.count(k)) {
        out[k] = v;
      }
    }
    return out;
  }

  // A base64 data: URL -> inlineData; an http(s) URL -> fileData.
  json media_part(const std::string& url, const std::string& param) {
    if (url.rfind("data:", 0) == 0) {
      size_t marker = url.find(";base64,");
      if (marker == std::string::npos) return fail("only base64 data: URLs are supported", param);
      return {{"inlineData", {{"mimeType", url.substr(5, marker - 5)}, {"data", url.substr(marker + 8)}}}};
    }
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0)
      return {{"fileData", {{"mimeType", guess_mime(url)}, {"fileUri", url}}}};
    return fail("unsupported URL scheme in " + param, param);
  }

  // Content (string or parts) -> Gemini parts. `text_only` for system, assistant and tool messages.
  json content_parts(const json& m, const std::string& param, bool text_only) {
    json parts = json::array();
    const json content = has(m, "content") ? m["content"] : json();
    if (content.is_string() && !content.get_ref<const std::string&>().empty()) parts.push_back({{"text", content}});
    if (content.is_string() || content.is_null()) return parts;
    if (!content.is_array()) return fail(param + " must be a string or an array of parts", param);
    for (size_t i = 0; i < content.size(); ++i) {
      const json& p = content[i];
      std::string type = str(p, "type"), where = param + "[" + std::to_string(i) + "]";
      if (type == "text" || type == "refusal") {
        parts.push_back({{"text", str(p, type.c_str())}});
      } else if (type == "image_url" && !text_only) {
        const bool nested = has(p, "image_url") && p["image_url"].is_object();
        parts.push_back(media_part(nested ? str(p["image_url"], "url") : str(p, "image_url"), where));
      } else if (type == "file" && !text_only && has(p, "file") && has(p["file"], "file_data")) {
        parts.push_back(media_part(str(p["file"], "file_data"), where));
      } else {
        return fail(type == "input_audio" ? "audio input is not supported"
                                          : "content part type '" + type + "' is not supported here",
                    where);
      }
    }
    return parts;
  }

  json assistant_parts(const json& m, const std::string& param) {
    json parts = content_parts(m, param + ".content", true);
    size_t first_call = parts.size();
    if (has(m, "tool_calls") && !m["tool_calls"].is_array()) return fail(param + ".tool_calls must be an array", param);
    for (size_t k = 0; has(m, "tool_calls") && k < m["tool_calls"].size(); ++k) {
      const json& call = m["tool_calls"][k];
      std::string where = param + ".tool_calls[" + std::to_string(k) + "]";
      if (!has(call, "function")) return fail(where + " must be a function call", where);
      std::string text = str(call["function"], "arguments");
      json args = text.empty() ? json::object() : parse_json(text);
      if (!args.is_object()) return fail(where + ".function.arguments must be a JSON object", where);
      parts.push_back({{"functionCall", {{"name", str(call["function"], "name")}, {"args", std::move(args)}}}});
    }
    std::string signature;  // the first signed thinking block's, else a message-level thinking_signature
    if (has(m, "thinking_blocks") && m["thinking_blocks"].is_array())
      for (const auto& block : m["thinking_blocks"])
        if (signature.empty()) signature = str(block, "signature");
    if (signature.empty()) signature = str(m, "thinking_signature");
    if (!signature.empty() && !parts.empty())
      parts[first_call < parts.size() ? first_call : 0]["thoughtSignature"] = signature;
    return parts;
  }

  // messages[i] (a tool result) -> a functionResponse part, named after the
  // call it answers (the nearest earlier one with its tool_call_id).
  json function_response(const json& messages, size_t i, const std::string& param) {
    const json& m = messages[i];
    std::string id = str(m, "tool_call_id"), name;
    for (size_t j = i; !id.empty() && name.empty() && j-- > 0;)
      if (has(messages[j], "tool_calls") && messages[j]["tool_calls"].is_array())
        for (const auto& call : messages[j]["tool_calls"])
          if (str(call, "id") == id && has(call, "function")) name = str(call["function"], "name");
    if (name.empty()) name = str(m, "name");
    if (name.empty()) return fail(param + ".tool_call_id matches no earlier tool call", param + ".tool_call_id");
    std::string text;
    for (const auto& p : content_parts(m, param + ".content", true)) text += str(p, "text");
    json parsed = parse_json(text);
    json value = parsed.is_object() || parsed.is_array() ? parsed : json(text);
    return {{"functionResponse", {{"name", name}, {"response", {{"content", std::move(value)}}}}}};
  }

  void add_messages(const json& messages) {
    for (size_t i = 0; i < messages.size() && !error_; ++i) {
      const json& m = messages[i];
      std::string role = str(m, "role"), param = "messages[" + std::to_string(i) + "]";
      bool tool = role == "tool";
      json parts;
      if (role == "system" || role == "developer") {
        for (auto& p : content_parts(m, param + ".content", true)) system_.push_back(std::move(p));
        continue;
      } else if (tool) {
        parts = json::array({function_response(messages, i, param)});
      } else if (role == "user") {
        parts = content_parts(m, param + ".content", false);
      } else if (role == "assistant") {
        parts = assistant_parts(m, param);
      } else {
        fail(param + ".role '" + role + "' is not supported", param + ".role");
      }
      // Consecutive turns of one kind merge; Gemini rejects a turn with no parts.
      std::string turn_role = role == "assistant" ? "model" : "user";
      bool back_is_tool = !contents_.empty() && contents_.back()["parts"][0].contains("functionResponse");
      if (!contents_.empty() && tool == back_is_tool && contents_.back()["role"] == turn_role && parts.is_array())
        for (auto& p : parts) contents_.back()["parts"].push_back(std::move(p));
      else if (parts.is_array() && !parts.empty())
        contents_.push_back({{"role", turn_role}, {"parts", std::move(parts)}});
    }
  }

  json thinking_config() {
    int64_t budget = -2;  // -2: not asked for; -1: Gemini's dynamic budget
    if (has(b_, "reasoning_effort")) {
      std::string e = str(b_, "reasoning_effort");
      budget = e == "none" ? 0 : e == "minimal" || e == "low" ? 1024 : e == "medium" ? 8192 : e == "high" ? 24576 : -2;
      if (budget == -2) return fail("reasoning_effort must be none, minimal, low, medium or high", "reasoning_effort");
    } else if (has(b_, "thinking") && b_["thinking"].is_object()) {
      std::string type = str(b_["thinking"], "type");
      int64_t tokens = count(b_["thinking"], "budget_tokens");
      budget = type == "disabled" ? 0 : type == "adaptive" ? -1 : type == "enabled" && tokens > 0 ? tokens : -3;
      if (budget == -3) return fail(R"(thinking must be {"type":"enabled","budget_tokens":N} or disabled)", "thinking");
    }
    if (budget == -2) return json();
    if (budget == 0) return {{"thinkingBudget", 0}};
    return {{"thinkingBudget", budget}, {"includeThoughts", true}};
  }

  json generation_config(std::optional<int64_t> max_tokens) {
    json gc = json::object();
    static const std::pair<const char*, const char*> kNumbers[] = {{"temperature", "temperature"},
                                                                   {"top_p", "topP"},
                                                                   {"top_k", "topK"},
                                                                   {"n", "candidateCount"},
                                                                   {"seed", "seed"},
                                                                   {"presence_penalty", "presencePenalty"},
                                                                   {"frequency_penalty", "frequencyPenalty"}};
    for (const auto& [from, to] : kNumbers)
      if (has(b_, from))
        gc[to] = b_[from].is_number() ? b_[from] : fail(std::string("'") + from + "' must be a number", from);
    if (max_tokens) gc["maxOutputTokens"] = *max_tokens;
    if (has(b_, "stop")) {
      const json& stop = b_["stop"];
      bool strings =
          stop.is_array() && std::all_of(stop.begin(), stop.end(), [](const json& s) { return s.is_string(); });
      if (!stop.is_string() && !strings) fail("'stop' must be a string or an array of strings", "stop");
      gc["stopSequences"] = stop.is_string() ? json::array({stop}) : stop;
    }
    if (has(b_, "response_format")) {
      const json& rf = b_["response_format"];
      std::string type = str(rf, "type");
      if (type == "json_object" || type == "json_schema") gc["responseMimeType"] = "application/json";
      if (type == "json_schema" && !(has(rf, "json_schema") && has(rf["json_schema"], "schema")))
        fail("response_format.json_schema.schema is required", "response_format");
      else if (type == "json_schema")
        gc["responseSchema"] = schema(rf["json_schema"]["schema"], rf["json_schema"]["schema"], "response_format");
      else if (type != "text" && type != "json_object")
        fail("response_format type '" + type + "' is not supported", "response_format");
    }
    json thinking = thinking_config();
    if (!thinking.is_null()) gc["thinkingConfig"] = std::move(thinking);
    return gc;
  }

  json tools(const json& tools) {
    json decls = json::array();
    for (size_t i = 0; i < tools.size(); ++i) {
      const json& t = tools[i];
      std::string param = "tools[" + std::to_string(i) + "]";
      if (str(t, "type") != "function" || !has(t, "function"))
        return fail(param + ": only function tools are supported", param);
      const json& f = t["function"];
      json d = {{"name", str(f, "name")}};
      if (has(f, "description")) d["description"] = f["description"];
      json params = has(f, "parameters") ? schema(f["parameters"], f["parameters"], param + ".function.parameters")
                                         : json::object();
      // Gemini rejects an OBJECT schema without properties: a no-argument function has none.
      if (params.is_object() && params.contains("properties") && !params["properties"].empty())
        d["parameters"] = std::move(params);
      decls.push_back(std::move(d));
    }
    return json::array({{{"functionDeclarations", std::move(decls)}}});
  }

  json tool_config(const json& choice) {
    json fc;
    if (choice == "auto") fc = {{"mode", "AUTO"}};
    else if (choice == "none") fc = {{"mode", "NONE"}};
    else if (choice == "required") fc = {{"mode", "ANY"}};
    else if (has(choice, "function") && !str(choice["function"], "name").empty())
      fc = {{"mode", "ANY"}, {"allowedFunctionNames", json::array({str(choice["function"], "name")})}};
    else return fail("tool_choice must be auto, none, required or a named function", "tool_choice");
    return {{"functionCallingConfig", std::move(fc)}};
  }

  const json& b_;
  std::optional<Error> error_;
  json system_ = json::array(), contents_ = json::array();
};

// ---- response ------------------------------------------------------------------
std::string finish_reason(const std::string& reason, bool called_tools) {
  if (reason == "MAX_TOKENS") return "length";
  for (const char* r : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"})
    if (reason == r) return "content_filter";
  return called_tools ? "tool_calls" : "stop";
}

json usage_json(const json& um) {
  int64_t prompt = count(um, "promptTokenCount") + count(um, "toolUsePromptTokenCount");
  int64_t thoughts = count(um, "thoughtsTokenCount");
  int64_t completion = count(um, "candidatesTokenCount") + thoughts;
  return {{"prompt_tokens", prompt},
          {"completion_tokens", completion},
          {"total_tokens", prompt + completion},
          {"prompt_tokens_details", {{"cached_tokens", count(um, "cachedContentTokenCount")}}},
          {"completion_tokens_details", {{"reasoning_tokens", thoughts}}}};
}

// A canonical tool call for a functionCall; Gemini's own id when it sent one.
json tool_call_json(const json& call, const std::string& response_id, int64_t choice, int64_t n) {
  std::string id = str(call, "id");
  if (id.empty())
    id = "call_" + (response_id.empty() ? "" : response_id + "_") + (choice ? std::to_string(choice) + "_" : "") +
         std::to_string(n);
  return {{"id", id},
          {"type", "function"},
          {"function", {{"name", str(call, "name")}, {"arguments", has(call, "args") ? call["args"].dump() : "{}"}}}};
}

std::optional<Error> error_in(const json& j) {
  if (!has(j, "error")) return std::nullopt;
  const json& e = j["error"];
  std::string status = str(e, "status"), message = e.is_object() ? str(e, "message") : e.dump();
  return upstream((status.empty() ? "" : status + ": ") + (message.empty() ? "upstream error" : message));
}

// Calls fn(index, candidate) for each candidate, or fn(0, null) for a prompt
// blocked before any candidate. False when there is neither.
template <class Fn>
bool for_each_candidate(const json& response, Fn fn) {
  if (has(response, "candidates") && response["candidates"].is_array() && !response["candidates"].empty()) {
    for (size_t pos = 0; pos < response["candidates"].size(); ++pos) {
      const json& cand = response["candidates"][pos];
      fn(has(cand, "index") ? count(cand, "index") : static_cast<int64_t>(pos), cand);
    }
    return true;
  }
  if (!has(response, "promptFeedback") || !has(response["promptFeedback"], "blockReason")) return false;
  fn(int64_t{0}, json());
  return true;
}

const json& parts_of(const json& cand) {
  static const json kNone = json::array();
  return has(cand, "content") && has(cand["content"], "parts") && cand["content"]["parts"].is_array()
             ? cand["content"]["parts"]
             : kNone;
}

json candidate_choice(const json& cand, int64_t index, const std::string& response_id) {
  std::string text, thoughts;
  json calls = json::array(), blocks = json::array();
  for (const auto& p : parts_of(cand)) {
    if (!str(p, "thoughtSignature").empty())
      blocks.push_back({{"type", "thinking"}, {"thinking", ""}, {"signature", str(p, "thoughtSignature")}});
    if (has(p, "functionCall"))
      calls.push_back(tool_call_json(p["functionCall"], response_id, index, static_cast<int64_t>(calls.size())));
    else (has(p, "thought") && p["thought"] == true ? thoughts : text) += str(p, "text");
  }
  json msg = {{"role", "assistant"}, {"content", text.empty() && !calls.empty() ? json(nullptr) : json(text)}};
  if (!thoughts.empty()) msg["reasoning_content"] = thoughts;
  if (!blocks.empty()) {
    blocks[0]["thinking"] = thoughts;  // the thought summary belongs to the first signature
    msg["thinking_blocks"] = std::move(blocks);
  }
  std::string reason = finish_reason(cand.is_null() ? "SAFETY" : str(cand, "finishReason"), !calls.empty());
  if (!calls.empty()) msg["tool_calls"] = std::move(calls);
  return {{"index", index}, {"message", std::move(msg)}, {"logprobs", nullptr}, {"finish_reason", reason}};
}

// ---- stream --------------------------------------------------------------------
class GeminiChunkDecoder final : public ChunkDecoder {
 public:
  Status decode(std::string_view event_block, std::vector<json>& chunks) override {
    std::string data = sse_data(event_block);
    if (data.find_first_not_of(" \t\r\n") == std::string::npos) return ok_status();
    json ev = parse_json(data);
    if (ev.is_discarded() || !ev.is_object()) return upstream("stream event is not JSON");
    if (auto e = error_in(ev)) return *e;
    if (has(ev, "responseId")) id_ = str(ev, "responseId");  // the same on every event
    if (has(ev, "modelVersion")) model_ = str(ev, "modelVersion");
    if (has(ev, "usageMetadata")) usage_ = ev["usageMetadata"];
    bool any_finish = false;
    for_each_candidate(ev, [&](int64_t index, const json& cand) {
      for (const auto& p : parts_of(cand)) decode_part(index, p, chunks);
      std::string reason = cand.is_null() ? "SAFETY" : str(cand, "finishReason");
      if (reason.empty() || reason == "FINISH_REASON_UNSPECIFIED") return;
      start(index, chunks);
      chunks.push_back(chunk(index, json::object(), finish_reason(reason, choices_[index].tool_calls > 0)));
      choices_[index].finished = any_finish = true;
    });
    if (!any_finish) return ok_status();
    finished_ = std::all_of(choices_.begin(), choices_.end(), [](const auto& c) { return c.second.finished; });
    if (finished_ && !usage_.is_null())
      chunks.push_back({{"id", id_},
                        {"object", "chat.completion.chunk"},
                        {"created", 0},
                        {"model", model_},
                        {"choices", json::array()},
                        {"usage", usage_json(usage_)}});
    return ok_status();
  }

  bool finished() const override { return finished_; }

 private:
  struct State {
    bool started = false, finished = false;
    int64_t tool_calls = 0;
  };

  json chunk(int64_t index, json delta, json finish) const {
    return {{"id", id_},
            {"object", "chat.completion.chunk"},
            {"created", 0},
            {"model", model_},
            {"choices", json::array({{{"index", index},
                                      {"delta", std::move(delta)},
                                      {"logprobs", nullptr},
                                      {"finish_reason", std::move(finish)}}})}};
  }

  void start(int64_t index, std::vector<json>& chunks) {  // the first chunk of a choice carries the role
    if (std::exchange(choices_[index].started, true)) return;
    chunks.push_back(chunk(index, {{"role", "assistant"}, {"content", ""}}, nullptr));
  }

  void decode_part(int64_t index, const json& p, std::vector<json>& chunks) {
    start(index, chunks);
    State& st = choices_[index];
    // The signature first, so a thinking block it closes is still open.
    if (!str(p, "thoughtSignature").empty())
      chunks.push_back(chunk(index, {{"thinking_signature", str(p, "thoughtSignature")}}, nullptr));
    if (has(p, "functionCall")) {
      json call = tool_call_json(p["functionCall"], id_, index, st.tool_calls);
      call["index"] = st.tool_calls++;
      chunks.push_back(chunk(index, {{"tool_calls", json::array({std::move(call)})}}, nullptr));
    } else if (!str(p, "text").empty()) {
      const char* key = has(p, "thought") && p["thought"] == true ? "reasoning_content" : "content";
      chunks.push_back(chunk(index, {{key, str(p, "text")}}, nullptr));
    }
  }

  std::map<int64_t, State> choices_;
  std::string id_, model_;
  json usage_;
  bool finished_ = false;
};

// ---- the adapter ---------------------------------------------------------------
class GeminiAdapter final : public ProviderAdapter {
 public:
  WireFormat wire() const override { return WireFormat::kGemini; }

  Result<HttpRequest> build_request(const ChatRequest& request, std::string_view native_model,
                                    const ProviderEndpoint& endpoint) const override {
    Result<json> body = json();
    try {
      body = RequestBuilder(request.tree()).build(request.max_tokens);
    } catch (const json::exception& e) {  // a field of an unexpected type
      return invalid(std::string("malformed request: ") + e.what());
    }
    if (!body) return body.error();
    HttpRequest out;
    out.url = provider_url(endpoint, "/models/" + std::string(native_model) +
                                         (request.stream ? ":streamGenerateContent?alt=sse" : ":generateContent"));
    out.headers.add("Content-Type", "application/json");
    AuthStyle auth = endpoint.info ? endpoint.info->auth : AuthStyle::kGoogApiKey;
    if (auth == AuthStyle::kBearer) out.headers.add("Authorization", "Bearer " + endpoint.api_key);
    else if (auth != AuthStyle::kNone) out.headers.add("x-goog-api-key", endpoint.api_key);
    out.body = body->dump();
    return out;
  }

  Result<json> parse_response(std::string_view body) const override {
    json j = parse_json(body);
    if (j.is_discarded() || !j.is_object()) return upstream("response is not a JSON object");
    if (auto e = error_in(j)) return *e;
    std::string id = str(j, "responseId");
    json out = {{"id", id.empty() ? "gemini-response" : id},
                {"object", "chat.completion"},
                {"created", 0},
                {"model", str(j, "modelVersion")},
                {"choices", json::array()}};
    auto add = [&](int64_t index, const json& cand) { out["choices"].push_back(candidate_choice(cand, index, id)); };
    if (!for_each_candidate(j, add)) return upstream("response has no candidates");
    if (has(j, "usageMetadata")) out["usage"] = usage_json(j["usageMetadata"]);
    return out;
  }

  std::unique_ptr<ChunkDecoder> stream_decoder() const override { return std::make_unique<GeminiChunkDecoder>(); }
};

}  // namespace

const ProviderAdapter& gemini_adapter() {
  static const GeminiAdapter adapter;
  return adapter;
}

}  // namespace gw
