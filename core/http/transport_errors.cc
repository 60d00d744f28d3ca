// transport_errors.cc - the transfer failure messages. Pure; thread-safe.
#include "core/http/transport_errors.h"

#include <initializer_list>

namespace gw {

namespace {

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

}  // namespace

Error transfer_timeout(std::string_view authority, int ms) {
  return make_error(ErrorKind::kUpstreamTimeout,
                    concat({"provider did not answer within ", std::to_string(ms), " ms (", authority, ")"}));
}

Error transfer_cancelled(std::string_view authority) {
  return make_error(ErrorKind::kUnavailable, concat({"request to ", authority, " cancelled"}), "cancelled");
}

Error provider_unreachable(std::string_view authority, std::string_view detail) {
  return make_error(ErrorKind::kUnavailable, concat({"cannot reach provider at ", authority, ": ", detail}));
}

Error stream_cut(std::string_view authority, std::string_view detail) {
  return make_error(ErrorKind::kUpstreamError,
                    concat({"stream from provider ended unexpectedly (", authority, ": ", detail, ")"}));
}

Error transfer_failed(std::string_view authority, std::string_view detail) {
  return make_error(ErrorKind::kUpstreamError, concat({"request to provider at ", authority, " failed: ", detail}));
}

}  // namespace gw
