// dialect.h - translation between the wire formats gw speaks.
//
// gw's canonical form is the OpenAI chat-completions format (request,
// response, stream chunk), extended with a few internal fields so nothing is
// lost in translation:
//   - assistant messages and response messages may carry
//     "reasoning_content" (string) and "thinking_blocks"
//     ([{"type":"thinking","thinking":..,"signature":..} or
//       {"type":"redacted_thinking","data":..}]), kept for providers that
//     accept them and dropped cleanly for those that do not;
//   - stream deltas may carry "reasoning_content" and "thinking_signature".
// Internal fields never reach a client: encoders for the OpenAI dialect strip
// them (except reasoning_content, which OpenAI-compatible clients know).
//
// Inbound: a ClientDialect parses what a client sent into a canonical
// ChatRequest and renders canonical answers back in the client's format.
// Outbound: a ProviderAdapter turns a canonical request into the provider's
// HTTP request and its answers back into canonical form.
//
// When client and provider speak the same format the pipeline passes bytes
// through untouched (only the model name is rewritten in the request), so
// these translators run only across formats. All functions are pure;
// encoders/decoders are stateful per stream and single-threaded.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/base/usage.h"
#include "core/dialects/chat_request.h"
#include "core/http/http_types.h"
#include "core/providers/provider_registry.h"

namespace gw {

using nlohmann::json;

enum class ClientFormat { kOpenAIChat, kAnthropicMessages, kOpenAIResponses };

// What an encoder needs to know about the request it answers.
struct RenderContext {
  std::string request_id;
  std::string model;           // the model name to report to the client (as requested)
  bool include_usage = false;  // OpenAI stream_options.include_usage
  int64_t created_s = 0;       // Unix seconds, for "created" fields
  // gw's estimate of the prompt's tokens, for what a dialect reports before
  // the provider's usage arrives (Anthropic's message_start input_tokens).
  int64_t prompt_tokens_estimate = 0;
};

// Turns canonical chunks (OpenAI chat.completion.chunk objects) into the
// client's stream bytes, in order. finish() ends the stream properly.
class ChunkEncoder {
 public:
  virtual ~ChunkEncoder() = default;
  virtual void encode(const json& canonical_chunk, std::string& out) = 0;
  // Ends the stream; `usage` is the final (real or estimated) usage.
  virtual void finish(const Usage& usage, std::string& out) = 0;
  // An error after the stream started, in the client's dialect.
  virtual void fail(const Error& error, std::string& out) = 0;
};

class ClientDialect {
 public:
  virtual ~ClientDialect() = default;
  virtual ClientFormat format() const = 0;
  // Client body -> canonical request (body in OpenAI chat form). Errors are
  // kInvalidRequest naming the field, in terms of the client's format.
  virtual Result<ChatRequest> parse_request(std::string_view body) const = 0;
  // Canonical chat.completion -> the client's response body.
  virtual std::string render_response(const json& canonical, const Usage& usage, const RenderContext& ctx) const = 0;
  virtual std::unique_ptr<ChunkEncoder> stream_encoder(const RenderContext& ctx) const = 0;
  virtual std::string render_error(const Error& error) const = 0;
};

// Turns the provider's stream events into canonical chunks.
class ChunkDecoder {
 public:
  virtual ~ChunkDecoder() = default;
  // One whole SSE event block (see SseSplitter). Appends 0..n canonical
  // chunks. Usage, when the event carries it, goes in a chunk's "usage".
  virtual Status decode(std::string_view event_block, std::vector<json>& chunks) = 0;
  // True once the provider has said its stream is complete.
  virtual bool finished() const = 0;
};

class ProviderAdapter {
 public:
  virtual ~ProviderAdapter() = default;
  virtual WireFormat wire() const = 0;
  // Canonical request -> the provider's HTTP request (URL, auth, body).
  // kInvalidRequest when the request uses a feature this provider cannot
  // serve (never a silent loss).
  virtual Result<HttpRequest> build_request(const ChatRequest& request, std::string_view native_model,
                                            const ProviderEndpoint& endpoint) const = 0;
  // The provider's whole response body -> canonical chat.completion.
  virtual Result<json> parse_response(std::string_view body) const = 0;
  virtual std::unique_ptr<ChunkDecoder> stream_decoder() const = 0;
};

// The dialects and adapters (each defined in its own file).
const ClientDialect& openai_chat_dialect();
const ClientDialect& anthropic_messages_dialect();
const ClientDialect& openai_responses_dialect();
const ProviderAdapter& openai_adapter();
const ProviderAdapter& anthropic_adapter();
const ProviderAdapter& gemini_adapter();
// The adapter for a wire format (the mock speaks OpenAI).
const ProviderAdapter& adapter_for(WireFormat wire);
// True when client and provider share a format, so bytes can pass through.
bool same_format(ClientFormat client, WireFormat wire);

}  // namespace gw
