// Anthropic Messages SSE events -> canonical chat.completion.chunk objects.
//
// Event flow (Anthropic's streaming docs): message_start, then per content
// block content_block_start / content_block_delta... / content_block_stop,
// then message_delta (stop_reason, cumulative usage) and message_stop; ping
// may come anywhere and error may replace the rest. Unknown events are
// ignored, as Anthropic asks of clients. Mapping:
//   message_start                  -> delta {role: assistant}
//   text block / text_delta        -> delta.content
//   thinking block / thinking_delta-> delta.reasoning_content
//   signature_delta                -> delta.thinking_signature
//   tool_use block start           -> delta.tool_calls[{index k, id, type, function{name, arguments:""}}]
//   input_json_delta               -> delta.tool_calls[{index k, function{arguments}}]
//   message_delta                  -> finish_reason chunk, then a usage chunk (choices [])
//   message_stop                   -> finished()
//   error                          -> decode() fails (kUnavailable for overloaded_error)
// k counts tool_use blocks from 0, as OpenAI numbers tool calls. Redacted
// thinking blocks have no stream delta in the canonical form and are dropped.
#include <map>

#include "core/dialects/anthropic_adapter.h"
#include "core/dialects/token_count.h"
#include "core/http/sse.h"
#include "core/json/json_int64.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

std::string text_at(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

class AnthropicStreamDecoder final : public ChunkDecoder {
 public:
  Status decode(std::string_view event_block, std::vector<json>& chunks) override {
    std::string data = sse_data(event_block);
    if (data.empty()) return ok_status();  // a comment or an empty event
    json event = parse_json(data);
    if (event.is_discarded() || !event.is_object())
      return make_error(ErrorKind::kUpstreamError, "anthropic: stream event is not JSON");
    std::string type = text_at(event, "type");
    if (type.empty()) type = sse_event_name(event_block);
    try {
      return handle(type, event, chunks);
    } catch (const json::exception& e) {  // a field of an unexpected type
      return make_error(ErrorKind::kUpstreamError, std::string("anthropic: malformed stream event: ") + e.what());
    }
  }

  bool finished() const override { return finished_; }

 private:
  Status handle(const std::string& type, const json& event, std::vector<json>& chunks) {
    if (type == "message_start") {
      const json& message = event.contains("message") ? event["message"] : json::object();
      id_ = text_at(message, "id");
      model_ = text_at(message, "model");
      if (message.contains("usage") && message["usage"].is_object()) usage_ = message["usage"];
      chunks.push_back(chunk({{"role", "assistant"}}));
    } else if (type == "content_block_start") {
      start_block(event, chunks);
    } else if (type == "content_block_delta") {
      block_delta(event, chunks);
    } else if (type == "message_delta") {
      const json& delta = event.contains("delta") ? event["delta"] : json::object();
      std::string stop = text_at(delta, "stop_reason");
      if (!stop.empty()) chunks.push_back(chunk(json::object(), std::string(anthropic_finish_reason(stop))));
      if (event.contains("usage") && event["usage"].is_object()) {
        // Counts are cumulative, so the larger one is current (some streams
        // repeat message_start's input counts here, others send 0 or omit them).
        for (const auto& [key, value] : event["usage"].items())
          if ((value.is_number() && (!usage_.contains(key) || !usage_[key].is_number() ||
                                     reported_token_count(value) > reported_token_count(usage_[key]))) ||
              (key == "cache_creation" && value.is_object()))
            usage_[key] = value;
        chunks.push_back({{"id", id_},
                          {"object", "chat.completion.chunk"},
                          {"created", 0},
                          {"model", model_},
                          {"choices", json::array()},
                          {"usage", anthropic_usage_to_openai(usage_)}});
      }
    } else if (type == "message_stop") {
      finished_ = true;
    } else if (type == "error") {
      const json& e = event.contains("error") ? event["error"] : json::object();
      std::string kind = text_at(e, "type");
      std::string message = text_at(e, "message");
      return make_error(kind == "overloaded_error" ? ErrorKind::kUnavailable : ErrorKind::kUpstreamError,
                        message.empty() ? "anthropic: stream error " + kind : message, kind);
    }  // ping, content_block_stop and unknown events carry nothing to pass on
    return ok_status();
  }

  void start_block(const json& event, std::vector<json>& chunks) {
    const json& block = event.contains("content_block") ? event["content_block"] : json::object();
    std::string type = text_at(block, "type");
    if (type == "text") {
      std::string text = text_at(block, "text");
      if (!text.empty()) chunks.push_back(chunk({{"content", text}}));
    } else if (type == "thinking") {
      std::string thinking = text_at(block, "thinking");
      if (!thinking.empty()) chunks.push_back(chunk({{"reasoning_content", thinking}}));
    } else if (type == "tool_use") {
      int k = next_tool_++;
      tool_index_[block_index(event)] = k;
      json call = {{"index", k},
                   {"id", text_at(block, "id")},
                   {"type", "function"},
                   {"function", {{"name", text_at(block, "name")}, {"arguments", ""}}}};
      chunks.push_back(chunk({{"tool_calls", json::array({std::move(call)})}}));
    }
  }

  void block_delta(const json& event, std::vector<json>& chunks) {
    const json& delta = event.contains("delta") ? event["delta"] : json::object();
    std::string type = text_at(delta, "type");
    if (type == "text_delta") {
      chunks.push_back(chunk({{"content", text_at(delta, "text")}}));
    } else if (type == "thinking_delta") {
      chunks.push_back(chunk({{"reasoning_content", text_at(delta, "thinking")}}));
    } else if (type == "signature_delta") {
      chunks.push_back(chunk({{"thinking_signature", text_at(delta, "signature")}}));
    } else if (type == "input_json_delta") {
      std::string partial = text_at(delta, "partial_json");
      auto it = tool_index_.find(block_index(event));
      if (partial.empty() || it == tool_index_.end()) return;
      json call = {{"index", it->second}, {"function", {{"arguments", partial}}}};
      chunks.push_back(chunk({{"tool_calls", json::array({std::move(call)})}}));
    }
  }

  // The event's content block index; -1 when absent or not an int64 (1e300).
  static int64_t block_index(const json& event) {
    return event.contains("index") ? json_int64(event["index"]).value_or(-1) : -1;
  }

  json chunk(json delta, json finish_reason = nullptr) const {
    return {{"id", id_},
            {"object", "chat.completion.chunk"},
            {"created", 0},
            {"model", model_},
            {"choices",
             json::array({{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", std::move(finish_reason)}}})}};
  }

  std::string id_, model_;
  json usage_ = json::object();        // message_start usage, updated by message_delta
  std::map<int64_t, int> tool_index_;  // Anthropic block index -> tool call index k
  int next_tool_ = 0;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ChunkDecoder> anthropic_stream_decoder() { return std::make_unique<AnthropicStreamDecoder>(); }

}  // namespace gw
