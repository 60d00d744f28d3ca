// The native road for OpenAI Responses callers (see native_road.h): to
// providers that serve the Responses API (serves_responses in the provider
// table), POST {base}/responses with the caller's body and openai-beta
// header. Reasoning items, encrypted content, store, prompt_cache_key and
// built-in tools pass as they are. Usage comes from the response object
// (whole answers) or from response.completed / response.incomplete (streams),
// which also end a stream, as do response.failed and error.
#include "core/dialects/native_road.h"
#include "core/json/json_scan.h"
#include "core/json/json_view.h"

namespace gw {
namespace {

int64_t count(std::string_view object, std::string_view name) {
  auto n = json_integer(json_member(object, name));
  return n && *n > 0 ? *n : 0;
}

// The Responses usage object: input_tokens (cached ones among them) and
// output_tokens (reasoning ones among them).
void read_usage(std::string_view usage, Usage& u) {
  u.prompt_tokens = count(usage, "input_tokens");
  u.completion_tokens = count(usage, "output_tokens");
  std::string_view in = json_member(usage, "input_tokens_details");
  if (json_type(in) == JsonType::kObject) u.cached_tokens = std::min(count(in, "cached_tokens"), u.prompt_tokens);
  std::string_view out = json_member(usage, "output_tokens_details");
  if (json_type(out) == JsonType::kObject)
    u.reasoning_tokens = std::min(count(out, "reasoning_tokens"), u.completion_tokens);
}

// Events whose `response` object names the model.
bool carries_response(std::string_view type) {
  for (std::string_view t : {"response.created", "response.in_progress", "response.queued", "response.completed",
                             "response.incomplete", "response.failed"})
    if (json_string_equals(type, t)) return true;
  return false;
}

bool ends_stream(std::string_view type) {
  for (std::string_view t : {"response.completed", "response.incomplete", "response.failed", "error"})
    if (json_string_equals(type, t)) return true;
  return false;
}

class ResponsesNativeStream final : public NativeStream {
 public:
  using NativeStream::NativeStream;

  void event(std::string& block) override {
    auto span = native::sse_data_span(block);
    if (!span) return;
    std::string_view data = std::string_view(block).substr(span->offset, span->size);
    std::string_view type = json_member(data, "type");
    if (json_string_equals(type, "response.output_text.delta") ||
        json_string_equals(type, "response.function_call_arguments.delta") ||
        json_string_equals(type, "response.reasoning_summary_text.delta")) {
      content_bytes_ += data.size();
      return;
    }
    if (ends_stream(type)) finished_ = true;
    if (!carries_response(type) || !is_json_object(data)) return;
    std::string_view response = json_member(data, "response");
    std::string_view usage = json_member(response, "usage");
    if (json_type(usage) == JsonType::kObject) read_usage(usage, usage_.emplace());
    if (native_model_ != model_) native::rewrite_member(block, response, "model", native_model_, model_);
  }

 private:
};

bool served(const ProviderInfo& provider) { return provider.serves_responses; }

std::unique_ptr<NativeStream> open_stream(std::string native_model, std::string model) {
  return std::make_unique<ResponsesNativeStream>(std::move(native_model), std::move(model));
}

constexpr native::RoadShape kShape = {ClientFormat::kOpenAIResponses,
                                      served,
                                      open_stream,
                                      "/responses",
                                      "max_output_tokens",
                                      "output",
                                      "",
                                      "",
                                      read_usage};

}  // namespace

const NativeRoad& responses_native_road() {
  static const native::ShapedRoad road(kShape);
  return road;
}

}  // namespace gw
