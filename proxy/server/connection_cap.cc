#include "proxy/server/connection_cap.h"

#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "core/base/error.h"

namespace gw {

std::string_view over_capacity_response() {
  static const std::string response = [] {
    std::string body = openai_error_body(
        make_error(ErrorKind::kUnavailable, "the server has too many open connections; retry shortly", "server_busy"));
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: "
           "application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body;
  }();
  return response;
}

void turn_away(int fd) {
  std::string_view r = over_capacity_response();
  // A fresh socket's send buffer takes these few hundred bytes at once; if it
  // does not, the client just sees the close.
  (void)::send(fd, r.data(), r.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace gw
