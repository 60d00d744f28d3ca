// connection_cap.h - what the accept loop does with a connection past
// [server] max_connections: it is turned away at once, on the accept thread,
// without a fiber or a read: a fixed 503 reply (Retry-After: 1, an OpenAI
// error body, "Connection: close") is offered to the socket without waiting
// and the socket is closed. The connections already open are not affected.
// Thread-safety: stateless.
#pragma once

#include <string_view>

namespace gw {

// The bytes sent to a connection turned away (a whole HTTP/1.1 response).
std::string_view over_capacity_response();

// Sends over_capacity_response() if the socket takes it at once, then
// closes `fd`.
void turn_away(int fd);

}  // namespace gw
