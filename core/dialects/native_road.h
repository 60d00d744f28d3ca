// native_road.h - the native road: when the provider chosen for a request
// speaks the caller's own dialect, the request goes upstream as the bytes
// the caller sent and the answer comes back as the bytes the provider sent.
//
//   request:  the body byte for byte except `model` (the provider's native
//             ID), gw's own `provider` member removed, and the token limit
//             only when pre-flight lowered it (said in x-gw-max-tokens-capped);
//             the caller's headers forwarded (anthropic-version, anthropic-beta,
//             openai-beta, an SDK's or agent's own headers) except those in
//             kUnforwardedHeaders: credentials (gw sends the provider's key),
//             hop-by-hop and framing headers, and gw's own; the query string
//             passed on (Anthropic's ?beta=true).
//   answer:   byte for byte except `model` (the canonical ID gw resolved),
//             read on the side for usage (prompt-cache reads and writes
//             included) and for whether a stream completed.
//
// Unknown fields are the provider's business: a new beta works through gw
// the day it ships. OpenAI chat has no road here: its provider adapter
// (openai_adapter.h) already splices the caller's bytes.
//
// Thread-safety: roads are immutable singletons; a NativeStream belongs to
// one stream.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/base/usage.h"
#include "core/dialects/chat_request.h"
#include "core/dialects/dialect.h"
#include "core/http/http_types.h"
#include "core/providers/provider_registry.h"

namespace gw {

// What the caller sent, as the road needs it.
struct NativeCall {
  std::string_view body;
  const Headers* headers = nullptr;  // the caller's request headers
  std::string_view query;            // raw query string without '?', may be empty
  int64_t capped_max_tokens = 0;     // > 0: pre-flight lowered the token limit to this
  std::string_view path_suffix;      // after the dialect's path: "/count_tokens" for Anthropic's counter
};

// One streamed answer on the native road: each SSE event block passes
// through event(), which rewrites it in place where needed and reads it.
class NativeStream {
 public:
  // `native_model` is the provider's ID, `model` the canonical one the
  // caller sees.
  NativeStream(std::string native_model, std::string model)
      : native_model_(std::move(native_model)), model_(std::move(model)) {}
  virtual ~NativeStream() = default;
  // Rewrites `block` in place (the model in the stream's opening and closing
  // events) and reads usage and content size from it. Every event passes on,
  // the provider's own error events included.
  virtual void event(std::string& block) = 0;
  // True once the provider said its answer is complete.
  bool finished() const { return finished_; }
  // The usage the provider reported, if it did.
  std::optional<Usage> usage() const { return usage_; }
  // Bytes of generated content seen, for an estimate when no usage came.
  size_t content_bytes() const { return content_bytes_; }

 protected:
  const std::string native_model_;
  const std::string model_;
  std::optional<Usage> usage_;
  size_t content_bytes_ = 0;
  bool finished_ = false;
};

class NativeRoad {
 public:
  virtual ~NativeRoad() = default;
  virtual ClientFormat format() const = 0;
  // True when `provider` answers this dialect natively.
  virtual bool served_by(const ProviderInfo& provider) const = 0;
  // What the pipeline needs to know of a request it will not translate:
  // model, stream, the caller's token limit, a prompt estimate. The body is
  // validated as JSON (400 naming the problem otherwise).
  virtual Result<ChatRequest> read_request(std::string_view body) const = 0;
  virtual Result<HttpRequest> build_request(const NativeCall& call, std::string_view native_model,
                                            const ProviderEndpoint& endpoint, bool stream) const = 0;
  // A whole answer's usage; nullopt when the body is not JSON. A JSON body
  // without usage gives an estimated Usage.
  virtual std::optional<Usage> answer_usage(std::string_view body, int64_t prompt_estimate) const = 0;
  virtual std::unique_ptr<NativeStream> stream(std::string native_model, std::string model) const = 0;
};

// The road for a client dialect; null when it has none (OpenAI chat).
const NativeRoad* native_road(ClientFormat format);
const NativeRoad& anthropic_native_road();
const NativeRoad& responses_native_road();

// Shared by the roads (native_road.cc).
namespace native {

// Replaces the string value of member `name` of the JSON object text
// `object` (a view into `text`) with `to` when it equals `from`. False when
// there is no such member or it holds another value.
bool rewrite_member(std::string& text, std::string_view object, std::string_view name, std::string_view from,
                    std::string_view to);
// Where the single `data:` payload of an SSE event block starts and how long
// it is; nullopt when the block has no data line or several.
struct Span {
  size_t offset = 0;
  size_t size = 0;
};
std::optional<Span> sse_data_span(std::string_view block);
// Caller headers never sent upstream (compared ignoring case): credentials
// and what selects whose account pays (gw's provider key decides), HTTP
// framing and hop-by-hop headers (gw's client writes its own), encodings
// gw's client would have to undo, and headers gw sets itself. Names starting
// with "x-gw-" are gw's too.
inline constexpr std::string_view kUnforwardedHeaders[] = {"authorization",
                                                           "x-api-key",
                                                           "x-goog-api-key",
                                                           "api-key",
                                                           "cookie",
                                                           "proxy-authorization",
                                                           "openai-organization",
                                                           "openai-project",
                                                           "host",
                                                           "content-length",
                                                           "transfer-encoding",
                                                           "connection",
                                                           "keep-alive",
                                                           "proxy-connection",
                                                           "te",
                                                           "trailer",
                                                           "upgrade",
                                                           "expect",
                                                           "accept-encoding",
                                                           "x-request-id",
                                                           "traceparent",
                                                           "tracestate",
                                                           "origin",
                                                           "referer"};
// The caller's headers minus kUnforwardedHeaders and x-gw-*, copied onto `out`.
void forward_headers(const Headers& from, Headers& out);
// The upstream body: `model` set to `native_model`, gw's `provider` member
// removed, and `limit_field` set when capped_max_tokens > 0.
std::string upstream_body(const NativeCall& call, std::string_view native_model, std::string_view limit_field);
// model, stream and the integer member `limit_field` of a valid JSON object
// body, with a prompt estimate from its size; errors name the field.
Result<ChatRequest> read_request(std::string_view body, std::string_view limit_field);

// What one road's requests and answers look like; a ShapedRoad serves it.
struct RoadShape {
  ClientFormat format;
  bool (*served_by)(const ProviderInfo& provider);
  std::unique_ptr<NativeStream> (*stream)(std::string native_model, std::string model);
  std::string_view path;            // appended to the provider's base URL: "/messages"
  std::string_view limit_field;     // the caller's token limit: "max_tokens"
  std::string_view content_member;  // the answer's generated content, for an estimate: "content"
  std::string_view version_header;  // a header the provider requires, sent when the caller did not ("" = none)
  std::string_view version_value;
  void (*read_usage)(std::string_view usage_object, Usage& into);
};

// A NativeRoad from its shape (native_road.cc).
class ShapedRoad final : public NativeRoad {
 public:
  explicit ShapedRoad(const RoadShape& shape) : shape_(shape) {}
  ClientFormat format() const override { return shape_.format; }
  bool served_by(const ProviderInfo& provider) const override { return shape_.served_by(provider); }
  Result<ChatRequest> read_request(std::string_view body) const override;
  Result<HttpRequest> build_request(const NativeCall& call, std::string_view native_model,
                                    const ProviderEndpoint& endpoint, bool stream) const override;
  std::optional<Usage> answer_usage(std::string_view body, int64_t prompt_estimate) const override;
  std::unique_ptr<NativeStream> stream(std::string native_model, std::string model) const override {
    return shape_.stream(std::move(native_model), std::move(model));
  }

 private:
  const RoadShape& shape_;
};

}  // namespace native
}  // namespace gw
