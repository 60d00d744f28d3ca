// text_embedder.h - where the semantic cache gets a question's embedding:
// in gw serve, gw's own /v1/embeddings route called in process as the owner
// (proxy/routes/route_embedder.h), so any provider, or a local
// OpenAI-compatible embedding server, can serve it; in tests, a fake.
#pragma once

#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw {

class TextEmbedder {
 public:
  virtual ~TextEmbedder() = default;
  // The embedding of `text`, or the error that kept it from being made (a
  // timeout, a provider error, an answer without a vector). Thread-safe.
  virtual Result<std::vector<float>> embed(std::string_view text) = 0;
};

}  // namespace gw
