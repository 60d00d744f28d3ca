// The native road for Anthropic Messages callers (see native_road.h): to
// providers that serve the Messages API (wire "anthropic"), POST
// {base}/messages with the caller's body, anthropic-* headers and query.
// Usage comes from message_start (input and prompt-cache tokens) and
// message_delta (output tokens, and any counts it repeats); a stream is
// complete at message_stop.
#include "core/dialects/anthropic_adapter.h"
#include "core/dialects/native_road.h"
#include "core/json/json_scan.h"
#include "core/json/json_view.h"

namespace gw {
namespace {

int64_t count(std::string_view object, std::string_view name) {
  auto n = json_integer(json_member(object, name));
  return n && *n > 0 ? *n : 0;
}

bool has(std::string_view object, std::string_view name) { return !json_member(object, name).empty(); }

// Anthropic's usage object over `u`: input_tokens excludes cache reads and
// writes, which gw counts as parts of the prompt. Members absent from
// `usage` keep their value in `u` (message_delta repeats only some).
void read_usage(std::string_view usage, Usage& u) {
  const int64_t input = has(usage, "input_tokens")
                            ? count(usage, "input_tokens")
                            : u.prompt_tokens - u.cached_tokens - u.cache_write_tokens - u.cache_write_1h_tokens;
  if (has(usage, "cache_read_input_tokens")) u.cached_tokens = count(usage, "cache_read_input_tokens");
  if (has(usage, "cache_creation_input_tokens")) {
    const int64_t writes = count(usage, "cache_creation_input_tokens");
    std::string_view split = json_member(usage, "cache_creation");
    const int64_t hour =
        json_type(split) == JsonType::kObject ? std::min(writes, count(split, "ephemeral_1h_input_tokens")) : 0;
    u.cache_write_1h_tokens = hour;
    u.cache_write_tokens = writes - hour;
  }
  u.prompt_tokens = input + u.cached_tokens + u.cache_write_tokens + u.cache_write_1h_tokens;
  if (has(usage, "output_tokens")) u.completion_tokens = count(usage, "output_tokens");
}

class AnthropicNativeStream final : public NativeStream {
 public:
  using NativeStream::NativeStream;

  void event(std::string& block) override {
    auto span = native::sse_data_span(block);
    if (!span) return;
    std::string_view data = std::string_view(block).substr(span->offset, span->size);
    std::string_view type = json_member(data, "type");
    if (json_string_equals(type, "content_block_delta")) {
      content_bytes_ += data.size();
    } else if (json_string_equals(type, "message_start")) {
      if (!is_json_object(data)) return;
      std::string_view message = json_member(data, "message");
      std::string_view usage = json_member(message, "usage");
      if (json_type(usage) == JsonType::kObject) take_usage(usage);
      if (native_model_ != model_) native::rewrite_member(block, message, "model", native_model_, model_);
    } else if (json_string_equals(type, "message_delta")) {
      if (!is_json_object(data)) return;
      std::string_view usage = json_member(data, "usage");
      if (json_type(usage) == JsonType::kObject) take_usage(usage);
    } else if (json_string_equals(type, "message_stop") || json_string_equals(type, "error")) {
      finished_ = true;  // an error event is the provider's own end, in the caller's dialect
    }
  }

 private:
  void take_usage(std::string_view usage) {
    if (!usage_) usage_ = Usage{};
    read_usage(usage, *usage_);
  }
};

bool served(const ProviderInfo& provider) { return provider.wire == WireFormat::kAnthropic; }

std::unique_ptr<NativeStream> open_stream(std::string native_model, std::string model) {
  return std::make_unique<AnthropicNativeStream>(std::move(native_model), std::move(model));
}

constexpr native::RoadShape kShape = {ClientFormat::kAnthropicMessages,
                                      served,
                                      open_stream,
                                      "/messages",
                                      "max_tokens",
                                      "content",
                                      "anthropic-version",
                                      kAnthropicVersion,
                                      read_usage};

}  // namespace

const NativeRoad& anthropic_native_road() {
  static const native::ShapedRoad road(kShape);
  return road;
}

}  // namespace gw
