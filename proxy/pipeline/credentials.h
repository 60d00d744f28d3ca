// credentials.h - reading who a request claims to be: the key it presents
// (Authorization: Bearer KEY, else x-api-key) and whether it comes from the
// loopback interface. Pure functions over the request; thread-safe.
#pragma once

#include <string_view>

#include "proxy/server/http_server.h"

namespace gw {

std::string_view presented_key(const InboundRequest& in);
bool is_loopback(std::string_view remote_addr);

}  // namespace gw
