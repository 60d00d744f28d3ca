#include "proxy/pipeline/services.h"

namespace gw {

HttpClient& Services::client_for(const ProviderEndpoint& endpoint) const {
  if (endpoint.base_url.rfind("mock://", 0) == 0) return *mock;
  return *network;
}

}  // namespace gw
