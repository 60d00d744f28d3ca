#include "proxy/pipeline/services.h"

#include "proxy/cassette/cassette_player.h"

namespace gw {

HttpClient& Services::client_for(const ProviderEndpoint& endpoint) const {
  if (cassettes && endpoint.info)
    if (HttpClient* c = cassettes->client(endpoint.info->slug)) return *c;
  if (endpoint.base_url.rfind("mock://", 0) == 0) return *mock;
  return *network;
}

}  // namespace gw
