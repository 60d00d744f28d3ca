// chat_request.h - an inbound OpenAI chat-completions request, validated, with
// what the pipeline needs to know about it (model, streaming, the token
// estimate for pre-flight), and the body gw sends upstream for it.
// Thread-compatible value type.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gw {

struct ChatRequest {
  nlohmann::json body;              // the client's JSON, as parsed
  std::string model;                // as the client named it
  std::string provider_override;    // body "provider" field, or x-gw-provider header
  bool stream = false;
  bool include_usage = false;       // stream_options.include_usage as the client asked
  std::optional<int64_t> max_tokens;  // max_completion_tokens, else max_tokens
  int64_t prompt_tokens_estimate = 0;  // ~4 characters a token over message text
};

// Parses and validates. Errors are kInvalidRequest naming the field (param):
// body not JSON, not an object, model missing or not a string, messages
// missing/empty/not an array, a message without a valid role, bad max_tokens,
// stream not a boolean.
Result<ChatRequest> parse_chat_request(std::string_view body);

// The body for an OpenAI-compatible provider: the client's fields with
// `model` replaced by the provider's native ID, gw's own `provider` field
// removed, and, when streaming, stream_options.include_usage forced on so
// usage can be billed. Returned as JSON so an adapter can adjust it further
// and serialize it exactly once.
nlohmann::json openai_upstream_body(const ChatRequest& request, std::string_view native_model);

}  // namespace gw
