// route_embedder.h - the semantic cache's TextEmbedder in gw serve: gw's
// own POST /v1/embeddings (embeddings.cc) called in process as the local
// owner, so the configured model may be any catalog embedding model (any
// provider, or a local OpenAI-compatible server); the call is in the usage
// log as the owner's, never charged to the asking caller. Runs on the
// asking request's fiber: a provider wait yields like any upstream call.
//
// Thread-safety: embed() may be called from any thread.
#pragma once

#include <string>

#include "core/cache/text_embedder.h"
#include "proxy/pipeline/services.h"

namespace gw {

class RouteEmbedder final : public TextEmbedder {
 public:
  // `model` as a client names it; `timeout_ms` bounds each provider try.
  RouteEmbedder(const Services& services, std::string model, int timeout_ms);
  Result<std::vector<float>> embed(std::string_view text) override;

 private:
  const Services& services_;
  const std::string model_;
  const int timeout_ms_;
};

}  // namespace gw
