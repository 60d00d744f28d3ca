// request_id.h - request IDs: "req_" + 24 lowercase hex characters from a
// per-thread generator seeded from the OS. A client's own x-request-id is kept
// when it is safe to echo (1-128 characters of [A-Za-z0-9._:-]).
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gw {

std::string new_request_id();
bool is_acceptable_request_id(std::string_view id);

}  // namespace gw
