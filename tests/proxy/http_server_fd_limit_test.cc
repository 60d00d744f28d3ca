// http_server_fd_limit_test.cc - gw's server when the process is out of file
// descriptors (EMFILE): a connection waiting to be accepted is closed at once
// (the reserve-descriptor trick) instead of spinning the accept loop on it
// while the client waits, and serving resumes when descriptors are free.
// The soft RLIMIT_NOFILE is lowered and every descriptor under it taken for
// the test's duration, then restored. No sleeps: every wait is a bounded poll.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "proxy/server/http_server.h"

namespace gw {
namespace {

// Connects `fd` to loopback `port` (the kernel completes the connection from
// the backlog whether or not the server accepts it); closes it on failure.
int connect_socket(int fd, int port) {
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int connect_to(int port) { return connect_socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port); }

// What the client end of `fd` sees within 5 s: "closed", "data" or "nothing".
std::string outcome(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 5000) <= 0) return "nothing";
  char byte;
  ssize_t got = ::recv(fd, &byte, 1, 0);
  return got > 0 ? "data" : "closed";  // 0: EOF; < 0: reset
}

// True when a request on a new connection to `port` gets an answer, and the
// server then closes the connection (so its descriptor is free again).
bool answered(int port) {
  int client = connect_to(port);
  if (client < 0) return false;
  std::string request = "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
  bool sent = ::send(client, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size());
  std::string got;
  for (char buffer[512]; sent;) {
    pollfd p{client, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) break;
    ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    got.append(buffer, static_cast<size_t>(n));
  }
  ::close(client);
  return got.starts_with("HTTP/1.1 200");
}

// The soft descriptor limit lowered to just above what is open, and every
// descriptor under it taken (open /dev/null), until destroyed.
class DescriptorsExhausted {
 public:
  DescriptorsExhausted() {
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved_) == 0);
    int highest = 0;
    for (int fd = 0; fd < 65536 && static_cast<rlim_t>(fd) < saved_.rlim_cur; ++fd)
      if (::fcntl(fd, F_GETFD) >= 0) highest = fd;
    rlimit lowered = saved_;
    lowered.rlim_cur = static_cast<rlim_t>(highest) + 16;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fillers_.push_back(fd);
    CHECK(errno == EMFILE);
  }
  ~DescriptorsExhausted() { restore(); }
  // Gives one descriptor back (for the client's own socket).
  void free_one() {
    ::close(fillers_.back());
    fillers_.pop_back();
  }
  void restore() {
    for (int fd : fillers_) ::close(fd);
    fillers_.clear();
    ::setrlimit(RLIMIT_NOFILE, &saved_);
  }

 private:
  rlimit saved_{};
  std::vector<int> fillers_;
};

}  // namespace

TEST_CASE("http server: out of descriptors, a waiting connection is closed at once, and serving resumes after") {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  HttpServer server(options, [](const InboundRequest&) {
    Reply r;
    r.body = "{}";
    return r;
  });
  auto port = server.bind();
  REQUIRE(port.ok());
  auto done = std::async(std::launch::async, [&] { server.run(); });
  struct StopAtEnd {
    HttpServer& server;
    ~StopAtEnd() { server.stop(); }  // also when a REQUIRE fails
  } stop_at_end{server};
  CHECK(answered(*port));  // the loops are up (their epoll and event descriptors taken)

  {
    DescriptorsExhausted exhausted;
    // Two descriptors for the test's own client sockets and one for the
    // server: the first client is served on it, the second finds none.
    exhausted.free_one();
    exhausted.free_one();
    exhausted.free_one();
    // Both sockets first: once the first is accepted, the server's next
    // accept() could take the other free descriptor.
    int first = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int second = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    first = connect_socket(first, *port);
    second = connect_socket(second, *port);
    REQUIRE(first >= 0);
    REQUIRE(second >= 0);
    CHECK(outcome(second) == "closed");  // not left waiting while accept() fails over and over
    std::string request = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";
    CHECK(::send(first, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    CHECK(outcome(first) == "data");
    ::close(first);
    ::close(second);
  }

  CHECK(answered(*port));
  server.stop();
  CHECK(done.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
}

}  // namespace gw
