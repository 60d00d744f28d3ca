// model_listing.h - a provider's own list of the models it serves, as its
// "list models" endpoint returns it, in the three shapes gw meets:
//   OpenAI-compatible  {"object":"list","data":[{"id":"gpt-4o",...}]}
//                      (Together: a bare array [{"id":...}])
//   Anthropic          {"data":[{"id":"claude-...","type":"model"}],"has_more":false}
//   Gemini             {"models":[{"name":"models/gemini-2.5-pro",...}],"nextPageToken":"..."}
// A listing that says more pages follow is marked incomplete: what it names
// is live, but what it leaves out is not known to be missing.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/http/http_types.h"
#include "core/providers/provider_registry.h"
#include "core/providers/provider_table.h"

namespace gw {

struct ModelListing {
  std::vector<std::string> ids;  // the provider's model IDs ("models/" prefix of Gemini removed)
  bool complete = true;          // false when the provider said more pages follow
};

// Parses a listing body. kUpstreamError when it is not JSON or none of the
// shapes above (the caller keeps its last good listing).
Result<ModelListing> parse_model_listing(std::string_view body);

// GET <base_url><model_listing_path> with the provider's auth headers (and
// anthropic-version for Anthropic). Timeouts are left to the caller.
HttpRequest model_listing_request(const ProviderEndpoint& endpoint);

// The path after a provider's base URL that lists its models, asking for the
// largest page each API allows: "/models", "/models?limit=1000" (Anthropic),
// "/models?pageSize=1000" (Gemini).
std::string_view model_listing_path(WireFormat wire);

}  // namespace gw
