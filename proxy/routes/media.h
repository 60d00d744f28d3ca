// media.h - what the OpenAI media routes share: POST /v1/embeddings
// (embeddings.cc), /v1/images/generations (images.cc) and
// /v1/audio/transcriptions (transcriptions.cc). Each route validates its
// request in OpenAI terms and hands run_media_pipeline() a MediaRequest; the
// pipeline is chat's (authenticate -> apply_limits -> resolve_route ->
// preflight -> forward -> relay -> settle), never streaming, answered in
// OpenAI's format, and only OpenAI-compatible providers (and the mock) can
// serve it: other providers are skipped during failover. Billing is chat's
// too: pre-flight holds the worst case (MediaRequest::bounds, see
// core/dialects/media_bounds.h; 402 before any provider call when it is not
// covered), settle charges the usage the answer reports (core/dialects/openai_usage.h:
// tokens, images, audio duration) and refunds provider failures.
// Thread-safe (see routes.h).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/dialects/media_bounds.h"
#include "proxy/pipeline/services.h"
#include "proxy/server/http_server.h"

namespace gw {

// One media route, fixed at compile time.
struct MediaRoute {
  std::string_view path;                    // "/v1/embeddings", as clients call it
  std::string_view upstream_path;           // "/embeddings", appended to the provider's base URL
  std::string_view output;                  // "embeddings": what the route produces, for error messages
  bool (*fits)(std::string_view modality);  // may a catalog model of this modality serve it?
};

// A request body for a provider.
struct UpstreamBody {
  std::string content_type;
  std::string body;
};

// A validated media request.
struct MediaRequest {
  std::string model;                   // as the client named it
  std::string provider_override;       // gw's own "provider" field; empty = none (x-gw-provider still applies)
  int64_t prompt_tokens_estimate = 0;  // for pre-flight, and usage when the provider reports none
  MediaBounds bounds;                  // images and audio the request may bill, for pre-flight's hold
  // The provider's body, with the model replaced by `native_id`.
  std::function<UpstreamBody(const std::string& native_id)> body_for;
  // Adjusts the reply after a successful relay (e.g. JSON -> text); null = none.
  std::function<void(Reply&)> reshape;
};

using MediaParser = Result<MediaRequest> (*)(const InboundRequest& in);

// Runs the pipeline for one media request; `parse` runs after the caller is
// authenticated and within its limits, as chat's parsing does.
Reply run_media_pipeline(const Services& s, const InboundRequest& in, const MediaRoute& route, MediaParser parse);
// The same for gw's own calls (the semantic cache's embeddings): the caller
// is the local owner, unlimited and unbilled, and `timeout_ms` (> 0) bounds
// each provider try's connect and answer.
Reply run_owner_media_pipeline(const Services& s, const InboundRequest& in, const MediaRoute& route, MediaParser parse,
                               int timeout_ms);

// The two sides of a catalog modality "text+image->text".
std::string_view modality_inputs(std::string_view modality);
std::string_view modality_outputs(std::string_view modality);

// kInvalidRequest with OpenAI's "invalid_request_error" code, naming `param`.
Error invalid_param(std::string message, std::string param);

// The body as a JSON object with a string "model" and, when present, a
// string "provider" (gw's own field, kept out of the provider's body by
// json_body_for()).
Result<nlohmann::json> parse_json_request(std::string_view body);

// body_for for JSON routes: `body` with "model" set and "provider" removed.
std::function<UpstreamBody(const std::string&)> json_body_for(nlohmann::json body);

}  // namespace gw
