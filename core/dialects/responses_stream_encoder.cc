// responses_stream_encoder.cc - the output half of the OpenAI Responses
// dialect (see openai_responses_dialect.cc): canonical chat answers rendered
// as Response objects, and canonical chunks re-framed as Responses SSE events.
//
// Shapes follow the openai-python SDK types (src/openai/types/responses):
// Response, ResponseOutputMessage, ResponseFunctionToolCall,
// ResponseReasoningItem, ResponseUsage and the Response*Event classes.
//
// Ids: the response is "resp_<base>" where <base> is the request id without
// its "req_" prefix; output item N is "rs_/msg_/fc_<base>_<N>", so a stream
// and a whole response for the same request name their items alike.
//
// Reasoning is shown as a reasoning item whose summary is the reasoning text.
// Signed thinking (Anthropic) also travels in the item's "encrypted_content"
// as "gw-thinking:<JSON thinking_blocks>", an opaque string clients hand back
// in their next input so gw can replay the blocks (Anthropic requires them
// when thinking is combined with tool use).
//
// The request is not known here (RenderContext carries only id, model and
// time), so the echo fields of a Response (tools, tool_choice, temperature,
// instructions...) carry neutral defaults rather than the client's values.
//
// Pure; an encoder is single-threaded and lives for one stream.
#include <map>

#include "core/dialects/dialect.h"

namespace gw::responses {

// The thinking_blocks prefix inside a reasoning item's encrypted_content.
extern const char kThinkingPrefix[];
const char kThinkingPrefix[] = "gw-thinking:";

namespace {

std::string id_base(const RenderContext& ctx) {
  std::string_view id = ctx.request_id;
  if (id.starts_with("req_")) id.remove_prefix(4);
  return std::string(id);
}

std::string item_id(const std::string& base, const char* prefix, size_t output_index) {
  return prefix + base + "_" + std::to_string(output_index);
}

json usage_json(const Usage& u) {
  return {{"input_tokens", u.prompt_tokens},
          {"input_tokens_details", {{"cached_tokens", u.cached_tokens}}},
          {"output_tokens", u.completion_tokens},
          {"output_tokens_details", {{"reasoning_tokens", u.reasoning_tokens}}},
          {"total_tokens", u.total()}};
}

// A Response object; `usage` and `error` may be null.
json response_object(const RenderContext& ctx, const std::string& status, json output, json usage,
                     json incomplete_details = nullptr, json error = nullptr) {
  return {{"id", "resp_" + id_base(ctx)},
          {"object", "response"},
          {"created_at", ctx.created_s},
          {"status", status},
          {"background", false},
          {"error", std::move(error)},
          {"incomplete_details", std::move(incomplete_details)},
          {"instructions", nullptr},
          {"max_output_tokens", nullptr},
          {"metadata", json::object()},
          {"model", ctx.model},
          {"output", std::move(output)},
          {"parallel_tool_calls", true},
          {"previous_response_id", nullptr},
          {"reasoning", {{"effort", nullptr}, {"summary", nullptr}}},
          {"store", false},
          {"temperature", nullptr},
          {"text", {{"format", {{"type", "text"}}}}},
          {"tool_choice", "auto"},
          {"tools", json::array()},
          {"top_p", nullptr},
          {"truncation", "disabled"},
          {"usage", std::move(usage)},
          {"user", nullptr}};
}

// Status and incomplete_details for a chat finish_reason.
std::pair<std::string, json> final_status(const std::string& finish_reason) {
  if (finish_reason == "length") return {"incomplete", {{"reason", "max_output_tokens"}}};
  if (finish_reason == "content_filter") return {"incomplete", {{"reason", "content_filter"}}};
  return {"completed", nullptr};
}

json output_text_part(const std::string& text) {
  return {{"type", "output_text"}, {"text", text}, {"annotations", json::array()}};
}

json message_item(std::string id, json content, const std::string& status) {
  return {{"id", std::move(id)},
          {"type", "message"},
          {"status", status},
          {"role", "assistant"},
          {"content", std::move(content)}};
}

json reasoning_item(std::string id, const std::string& text, const json& thinking_blocks) {
  json summary = json::array();
  if (!text.empty()) summary.push_back({{"type", "summary_text"}, {"text", text}});
  json item = {{"id", std::move(id)}, {"type", "reasoning"}, {"summary", std::move(summary)}};
  if (thinking_blocks.is_array() && !thinking_blocks.empty())
    item["encrypted_content"] = kThinkingPrefix + thinking_blocks.dump();
  return item;
}

json function_call_item(std::string id, std::string call_id, std::string name, std::string arguments,
                        const std::string& status) {
  return {{"id", std::move(id)},
          {"type", "function_call"},
          {"status", status},
          {"arguments", std::move(arguments)},
          {"call_id", std::move(call_id)},
          {"name", std::move(name)}};
}

std::string string_at(const json& obj, const char* key) {
  if (obj.is_object() && obj.contains(key) && obj[key].is_string()) return obj[key].get<std::string>();
  return {};
}

// Text of a canonical content value (string, or parts with "text").
std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& part : content) out += string_at(part, "text");
  return out;
}

// The code for a Response's error object (ResponseError.code).
std::string response_error_code(const Error& e) {
  if (!e.code.empty()) return e.code;
  if (e.kind == ErrorKind::kRateLimited) return "rate_limit_exceeded";
  if (e.kind == ErrorKind::kInvalidRequest) return "invalid_prompt";
  return "server_error";
}

class ResponsesChunkEncoder final : public ChunkEncoder {
 public:
  explicit ResponsesChunkEncoder(RenderContext ctx) : ctx_(std::move(ctx)), base_(id_base(ctx_)) {}

  void encode(const json& chunk, std::string& out) override {
    if (done_) return;
    start(out);
    if (!chunk.is_object() || !chunk.contains("choices") || !chunk["choices"].is_array() || chunk["choices"].empty())
      return;
    const json& choice = chunk["choices"][0];
    if (!choice.is_object()) return;
    if (choice.contains("delta") && choice["delta"].is_object()) apply_delta(choice["delta"], out);
    if (choice.contains("finish_reason") && choice["finish_reason"].is_string())
      finish_reason_ = choice["finish_reason"].get<std::string>();
  }

  void finish(const Usage& usage, std::string& out) override {
    if (done_) return;
    start(out);
    auto [status, details] = final_status(finish_reason_);
    close_open(status == "incomplete" ? "incomplete" : "completed", out);
    std::string type = status == "incomplete" ? "response.incomplete" : "response.completed";
    emit(type, {{"response", response_object(ctx_, status, output_, usage_json(usage), details)}}, out);
    done_ = true;
  }

  void fail(const Error& error, std::string& out) override {
    if (done_) return;
    start(out);
    // The item cut off mid-way is reported as it stood, without *.done events.
    if (open_ != Open::kNone) {
      finalize_open("incomplete");
      output_[open_index_]["status"] = "incomplete";
    }
    json err = {{"code", response_error_code(error)}, {"message", error.message}};
    emit("response.failed", {{"response", response_object(ctx_, "failed", output_, nullptr, nullptr, err)}}, out);
    done_ = true;
  }

 private:
  enum class Open { kNone, kReasoning, kMessage, kToolCall };

  void emit(const std::string& type, json payload, std::string& out) {
    payload["type"] = type;
    payload["sequence_number"] = sequence_++;
    out += "event: " + type + "\ndata: " + payload.dump() + "\n\n";
  }

  // response.created and response.in_progress, once, before anything else.
  void start(std::string& out) {
    if (started_) return;
    started_ = true;
    emit("response.created", {{"response", response_object(ctx_, "in_progress", json::array(), nullptr)}}, out);
    emit("response.in_progress", {{"response", response_object(ctx_, "in_progress", json::array(), nullptr)}}, out);
  }

  void apply_delta(const json& delta, std::string& out) {
    std::string reasoning = string_at(delta, "reasoning_content");
    if (!reasoning.empty()) {
      // A signature ends a thinking block; more reasoning starts a new item.
      if (open_ != Open::kReasoning || !signature_.empty()) open_reasoning(out);
      text_ += reasoning;
      emit("response.reasoning_summary_text.delta",
           {{"item_id", open_id()}, {"output_index", open_index_}, {"summary_index", 0}, {"delta", reasoning}}, out);
    }
    std::string signature = string_at(delta, "thinking_signature");
    if (!signature.empty() && open_ == Open::kReasoning) signature_ += signature;
    std::string content = string_at(delta, "content");
    if (!content.empty()) {
      if (open_ != Open::kMessage) open_message(out);
      text_ += content;
      emit("response.output_text.delta",
           {{"item_id", open_id()},
            {"output_index", open_index_},
            {"content_index", 0},
            {"delta", content},
            {"logprobs", json::array()}},
           out);
    }
    if (delta.contains("tool_calls") && delta["tool_calls"].is_array())
      for (const auto& call : delta["tool_calls"])
        if (call.is_object()) apply_tool_call(call, out);
  }

  void apply_tool_call(const json& call, std::string& out) {
    int64_t index = call.contains("index") && call["index"].is_number_integer() ? call["index"].get<int64_t>() : 0;
    const json& fn = call.contains("function") && call["function"].is_object() ? call["function"] : json();
    std::string arguments = string_at(fn, "arguments");
    auto it = tool_items_.find(index);
    if (it == tool_items_.end()) {
      close_open("completed", out);
      open_index_ = output_.size();
      open_ = Open::kToolCall;
      tool_items_[index] = open_index_;
      output_.push_back(function_call_item(item_id(base_, "fc_", open_index_), string_at(call, "id"),
                                           string_at(fn, "name"), "", "in_progress"));
      emit("response.output_item.added", {{"output_index", open_index_}, {"item", output_[open_index_]}}, out);
      it = tool_items_.find(index);
    }
    json& item = output_[it->second];
    // Some providers repeat the id and name on every piece; keep the first.
    if (item["call_id"].get_ref<const std::string&>().empty()) item["call_id"] = string_at(call, "id");
    if (item["name"].get_ref<const std::string&>().empty()) item["name"] = string_at(fn, "name");
    if (arguments.empty()) return;
    item["arguments"] = item["arguments"].get<std::string>() + arguments;
    emit("response.function_call_arguments.delta",
         {{"item_id", item["id"]}, {"output_index", it->second}, {"delta", arguments}}, out);
  }

  void open_reasoning(std::string& out) {
    close_open("completed", out);
    open_index_ = output_.size();
    open_ = Open::kReasoning;
    output_.push_back(reasoning_item(item_id(base_, "rs_", open_index_), "", json()));
    emit("response.output_item.added", {{"output_index", open_index_}, {"item", output_[open_index_]}}, out);
    emit("response.reasoning_summary_part.added",
         {{"item_id", open_id()},
          {"output_index", open_index_},
          {"summary_index", 0},
          {"part", {{"type", "summary_text"}, {"text", ""}}}},
         out);
  }

  void open_message(std::string& out) {
    close_open("completed", out);
    open_index_ = output_.size();
    open_ = Open::kMessage;
    output_.push_back(message_item(item_id(base_, "msg_", open_index_), json::array(), "in_progress"));
    emit("response.output_item.added", {{"output_index", open_index_}, {"item", output_[open_index_]}}, out);
    emit("response.content_part.added",
         {{"item_id", open_id()}, {"output_index", open_index_}, {"content_index", 0}, {"part", output_text_part("")}},
         out);
  }

  // Brings the open item's JSON up to date with what has streamed; `status`
  // for message and function_call items.
  void finalize_open(const std::string& status) {
    json& item = output_[open_index_];
    if (open_ == Open::kReasoning) {
      json blocks = json::array();
      if (!signature_.empty()) blocks.push_back({{"type", "thinking"}, {"thinking", text_}, {"signature", signature_}});
      item = reasoning_item(item["id"].get<std::string>(), text_, blocks);
    } else if (open_ == Open::kMessage) {
      item = message_item(item["id"].get<std::string>(), json::array({output_text_part(text_)}), status);
    } else {
      item["status"] = status;
    }
  }

  // Ends the open item with its *.done events; `status` for message and
  // function_call items ("completed", or "incomplete" when the answer was cut).
  void close_open(const std::string& status, std::string& out) {
    if (open_ == Open::kNone) return;
    finalize_open(status);
    const json& item = output_[open_index_];
    std::string id = open_id();
    if (open_ == Open::kReasoning) {
      emit("response.reasoning_summary_text.done",
           {{"item_id", id}, {"output_index", open_index_}, {"summary_index", 0}, {"text", text_}}, out);
      emit("response.reasoning_summary_part.done",
           {{"item_id", id},
            {"output_index", open_index_},
            {"summary_index", 0},
            {"part", {{"type", "summary_text"}, {"text", text_}}}},
           out);
    } else if (open_ == Open::kMessage) {
      emit("response.output_text.done",
           {{"item_id", id},
            {"output_index", open_index_},
            {"content_index", 0},
            {"text", text_},
            {"logprobs", json::array()}},
           out);
      emit("response.content_part.done",
           {{"item_id", id}, {"output_index", open_index_}, {"content_index", 0}, {"part", output_text_part(text_)}},
           out);
    } else {
      emit("response.function_call_arguments.done",
           {{"item_id", id}, {"output_index", open_index_}, {"name", item["name"]}, {"arguments", item["arguments"]}},
           out);
    }
    emit("response.output_item.done", {{"output_index", open_index_}, {"item", item}}, out);
    open_ = Open::kNone;
    text_.clear();
    signature_.clear();
  }

  std::string open_id() const { return output_[open_index_]["id"].get<std::string>(); }

  RenderContext ctx_;
  std::string base_;
  bool started_ = false;
  bool done_ = false;
  int64_t sequence_ = 0;
  json output_ = json::array();  // items so far, in output_index order
  Open open_ = Open::kNone;
  size_t open_index_ = 0;
  std::string text_;                      // text of the open reasoning or message item
  std::string signature_;                 // thinking signature of the open reasoning item
  std::map<int64_t, size_t> tool_items_;  // canonical tool_calls index -> output index
  std::string finish_reason_;
};

}  // namespace

// Canonical chat.completion -> Response JSON text. Items come in the order
// reasoning, message, function calls; when the answer was cut short
// (finish_reason length) the last item is "incomplete".
std::string render_response_body(const json& canonical, const Usage& usage, const RenderContext& ctx) {
  std::string base = id_base(ctx);
  json output = json::array();
  std::string finish_reason;
  const json* message = nullptr;
  if (canonical.contains("choices") && canonical["choices"].is_array() && !canonical["choices"].empty()) {
    const json& choice = canonical["choices"][0];
    finish_reason = string_at(choice, "finish_reason");
    if (choice.is_object() && choice.contains("message") && choice["message"].is_object()) message = &choice["message"];
  }
  if (message) {
    const json& m = *message;
    json blocks =
        m.contains("thinking_blocks") && m["thinking_blocks"].is_array() ? m["thinking_blocks"] : json::array();
    std::string reasoning = string_at(m, "reasoning_content");
    if (reasoning.empty())
      for (const auto& b : blocks) reasoning += string_at(b, "thinking");
    if (!reasoning.empty() || !blocks.empty())
      output.push_back(reasoning_item(item_id(base, "rs_", output.size()), reasoning, blocks));
    json content = json::array();
    std::string text = m.contains("content") ? content_text(m["content"]) : "";
    if (!text.empty()) content.push_back(output_text_part(text));
    std::string refusal = string_at(m, "refusal");
    if (!refusal.empty()) content.push_back({{"type", "refusal"}, {"refusal", refusal}});
    if (!content.empty()) output.push_back(message_item(item_id(base, "msg_", output.size()), content, "completed"));
    if (m.contains("tool_calls") && m["tool_calls"].is_array())
      for (const auto& call : m["tool_calls"]) {
        const json& fn = call.is_object() && call.contains("function") ? call["function"] : json();
        output.push_back(function_call_item(item_id(base, "fc_", output.size()), string_at(call, "id"),
                                            string_at(fn, "name"), string_at(fn, "arguments"), "completed"));
      }
  }
  auto [status, details] = final_status(finish_reason);
  if (status == "incomplete" && !output.empty() && output.back().contains("status"))
    output.back()["status"] = "incomplete";
  return response_object(ctx, status, std::move(output), usage_json(usage), details).dump();
}

std::unique_ptr<ChunkEncoder> make_stream_encoder(const RenderContext& ctx) {
  return std::make_unique<ResponsesChunkEncoder>(ctx);
}

}  // namespace gw::responses
