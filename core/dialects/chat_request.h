// chat_request.h - an inbound OpenAI chat-completions request, validated, with
// what the pipeline needs to know about it (model, streaming, the token
// estimate for pre-flight), and the body gw sends upstream for it.
// Thread-compatible value type.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/json/json_splice.h"

namespace gw {

struct ChatRequest {
  // The canonical body (OpenAI chat form), held one of two ways. An OpenAI
  // chat client's body stays the bytes it sent (`text`): validated, read
  // without building a tree, and passed to an OpenAI-speaking provider with
  // only a few members spliced (openai_upstream_text). A body translated
  // from another format is a tree (`body`, with `text` empty). Read the tree
  // through tree(), which parses `text` the first time it is asked.
  std::string text;
  mutable nlohmann::json body;    // see above; filled from `text` by tree()
  std::string model;              // as the client named it
  std::string provider_override;  // body "provider" field, or x-gw-provider header
  bool stream = false;
  bool include_usage = false;          // stream_options.include_usage as the client asked
  std::optional<int64_t> max_tokens;   // max_completion_tokens, else max_tokens
  int64_t prompt_tokens_estimate = 0;  // ~4 characters a token over message text

  // The body as a tree. The first call on a request held as `text` parses
  // it (so a request is not for concurrent use).
  const nlohmann::json& tree() const;
  // Sets max_tokens, in the body too (pre-flight lowers it to what the
  // balance covers). The body is a tree from then on.
  void set_max_tokens(int64_t tokens);
};

// Parses and validates. Errors are kInvalidRequest naming the field (param):
// body not JSON, not an object, model missing or not a string, messages
// missing/empty/not an array, a message without a valid role, bad max_tokens,
// stream not a boolean. A body it reads without a tree is kept as `text`;
// one with anything unusual (an error, member names written with escapes or
// repeated, gw's internal fields) is parsed into `body`, as before.
Result<ChatRequest> parse_chat_request(std::string_view body);

// A top-level key of the object `body` other than "model" that equals
// "model" ignoring ASCII case ("Model", "MODEL"), or nullptr. Every client
// dialect refuses a request carrying one (400 naming it): an upstream that
// reads keys without regard to case could serve another model than the one
// gw resolved and billed.
const std::string* model_case_variant(const nlohmann::json& body);

// The body for an OpenAI-compatible provider: the client's fields with
// `model` replaced by the provider's native ID, gw's own `provider` field
// removed, and, when streaming, stream_options.include_usage forced on so
// usage can be billed. Returned as JSON so an adapter can adjust it further
// and serialize it exactly once.
nlohmann::json openai_upstream_body(const ChatRequest& request, std::string_view native_model);

// The same body built from `text` by splicing: `model`, `provider` and (when
// streaming) `stream_options` rewritten, plus `extra` edits (a provider's
// quirks), every other member passed byte for byte in the client's order.
// nullopt when the request is held as a tree.
std::optional<std::string> openai_upstream_text(const ChatRequest& request, std::string_view native_model,
                                                std::span<const JsonEdit> extra);

}  // namespace gw
