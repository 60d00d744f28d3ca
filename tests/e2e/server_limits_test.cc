// E2E: gw serve reads its [server] resource limits from the config file:
// a connection past max_connections is answered 503 and closed.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

// Everything a fresh connection to `port` reads without sending a byte,
// until the server closes it or 5 s pass.
std::string read_unasked(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string got;
  if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0) {
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) got.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return got;
}

}  // namespace

TEST_CASE(
    "gw serve: a connection past [server] max_connections gets 503 with "
    "Retry-After and is closed") {
  Stack stack("[server]\nmax_connections = 1\n");
  auto held = client(stack.serve.port());
  held.set_keep_alive(true);
  // The startup probe's connection may still be counted for a moment.
  REQUIRE(eventually([&] {
    auto r = held.Get("/health");
    return r && r->status == 200;
  }));
  std::string refused = read_unasked(stack.serve.port());  // `held` is the one connection allowed
  CHECK(refused.rfind("HTTP/1.1 503 ", 0) == 0);
  CHECK(refused.find("Retry-After: 1\r\n") != std::string::npos);
  CHECK(refused.find("\"server_busy\"") != std::string::npos);
  auto again = held.Get("/health");  // the open connection is still served
  REQUIRE(again);
  CHECK(again->status == 200);
}
