// request_context.h - the state of one proxied request as it moves through
// the pipeline steps. Owned by one request; not shared between threads
// (a streaming reply moves it into the stream's state).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/chat_request.h"
#include "core/dialect.h"
#include "core/model_resolver.h"
#include "core/usage.h"
#include "proxy/server/http_server.h"
#include "proxy/telemetry/request_observation.h"

namespace gw {

struct RequestContext {
  std::string request_id;
  std::string key_id;         // API key id, "" = no key
  std::string user_id;        // account id, "" = local owner
  std::string route;          // "/v1/chat/completions"
  const ClientDialect* client = &openai_chat_dialect();  // the caller's format
  int64_t start_ns = 0;       // steady clock at arrival
  int64_t upstream_ns = 0;    // time spent waiting on providers (not gw overhead)

  ChatRequest chat;           // for non-chat routes: model, provider override, estimates
  ResolvedModel resolved;
  // Non-chat routes (embeddings, images, audio) build their own upstream
  // request per candidate; null = the provider adapter's chat request.
  std::function<Result<HttpRequest>(const RouteCandidate&, const ProviderEndpoint&)> build_upstream;

  // Filled by forward(): who answered and how many tries it took.
  const RouteCandidate* served_by = nullptr;
  const ProviderAdapter* adapter = nullptr;  // the serving provider's format
  bool passthrough = false;   // client and provider share a format: bytes pass
  int attempts = 0;
  std::unique_ptr<ResponseStream> upstream;
  std::string first_chunk;    // a stream's first bytes, read before committing to it

  Usage usage;
  int status = 200;           // status returned to the client

  std::string cache_result;   // response cache outcome ("hit", "miss", ...); "" = not consulted
  RequestObservation observed;  // Telemetry's notes: trace context, spans, attempts
};

}  // namespace gw
