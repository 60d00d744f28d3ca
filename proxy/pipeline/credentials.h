// credentials.h - reading who a request claims to be: the key it presents
// (Authorization: Bearer KEY, else x-api-key) and whether it comes from the
// loopback interface. Pure functions over the request; thread-safe.
#pragma once

#include <string_view>

#include "proxy/server/http_server.h"

namespace gw {

std::string_view presented_key(const InboundRequest& in);
// True for 127.0.0.0/8, ::1 and ::ffff:127.x, and for "" (an in-process call
// with no socket, such as `gw chat` without --url).
bool is_loopback(std::string_view remote_addr);

}  // namespace gw
