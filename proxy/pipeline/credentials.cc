#include "proxy/pipeline/credentials.h"

namespace gw {

std::string_view presented_key(const InboundRequest& in) {
  std::string_view auth = in.headers.get("authorization");
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) return auth.substr(7);
  return in.headers.get("x-api-key");
}

bool is_loopback(std::string_view addr) {
  return addr.empty() || addr.substr(0, 4) == "127." || addr == "::1" || addr.substr(0, 11) == "::ffff:127.";
}

}  // namespace gw
