// E2E: a real `gw serve` holds its request limits (docs/serve.md, "Request
// limits"): a head trickled in a line at a time past [server] head_timeout_s
// is a 408; a head of exactly 64 KiB is served and one byte more is a 431;
// bare-LF framing is a 400; an HTTP/1.0 client's stream is not chunked.
// Each answer is a JSON error and the connection then closes.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

// A raw loopback client: bytes of the test's choice, the answer until the close.
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawClient() { ::close(fd_); }
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  bool answered_within(int ms) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }
  std::string until_close() {
    std::string got;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;) got.append(buf, static_cast<size_t>(n));
    return got;
  }

 private:
  int fd_ = -1;
};

int status_of(const std::string& answer) { return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0; }

nlohmann::json body_of(const std::string& answer) {
  size_t end = answer.find("\r\n\r\n");
  return nlohmann::json::parse(end == std::string::npos ? "" : answer.substr(end + 4), nullptr, false);
}

std::string raw_round_trip(int port, const std::string& request) {
  RawClient c(port);
  c.send(request);
  return c.until_close();
}

}  // namespace

TEST_CASE("a request head trickled in past head_timeout_s is a 408 JSON error, and gw keeps serving") {
  Stack stack("[server]\nhead_timeout_s = 1\n");
  RawClient c(stack.serve.port());
  std::string host = "Host: 127.0.0.1:" + std::to_string(stack.serve.port()) + "\r\n";
  REQUIRE(c.send("GET /v1/models HTTP/1.1\r\n" + host));
  // Before: one line every 100 ms (or every 45 s) kept the request open for as long as the client liked.
  int drips = 0;
  while (!c.answered_within(100) && drips < 100 && c.send("X-Drip: 1\r\n")) ++drips;
  CHECK(drips < 100);
  std::string answer = c.until_close();
  CHECK(status_of(answer) == 408);
  CHECK(answer.find("Connection: close\r\n") != std::string::npos);
  CHECK(body_of(answer)["error"]["code"] == "request_timeout");
  auto after = client(stack.serve.port()).Get("/v1/models");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("a request head of 64 KiB is served, one byte more is a 431; bare LF is a 400") {
  Stack stack;
  int port = stack.serve.port();
  std::string start =
      "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nConnection: close\r\nX-Pad: ";
  auto head_of = [&](size_t n) { return start + std::string(n - start.size() - 4, 'p') + "\r\n\r\n"; };
  CHECK(status_of(raw_round_trip(port, head_of(64 * 1024))) == 200);
  // Before: heads up to ~80 KiB were served, and longer ones were a 400.
  std::string over = raw_round_trip(port, head_of(64 * 1024 + 1));
  CHECK(status_of(over) == 431);
  CHECK(body_of(over)["error"]["code"] == "headers_too_large");
  // Before: served as if the lines had ended in CRLF.
  std::string bare = raw_round_trip(port, "GET /v1/models HTTP/1.1\nHost: 127.0.0.1\n\n");
  CHECK(status_of(bare) == 400);
  CHECK(body_of(bare)["error"]["message"].get<std::string>().find("bare LF") != std::string::npos);
}

TEST_CASE("an HTTP/1.0 client's stream comes unchunked and ends with the close") {
  Stack stack;
  std::string body = chat_body("one two three", /*stream=*/true);
  std::string answer = raw_round_trip(stack.serve.port(), "POST /v1/chat/completions HTTP/1.0\r\nHost: 127.0.0.1:" +
                                                              std::to_string(stack.serve.port()) +
                                                              "\r\nContent-Type: application/json\r\n"
                                                              "Content-Length: " +
                                                              std::to_string(body.size()) + "\r\n\r\n" + body);
  CHECK(status_of(answer) == 200);
  std::string head = answer.substr(0, answer.find("\r\n\r\n"));
  CHECK(head.find("Transfer-Encoding") == std::string::npos);  // before: chunked, which HTTP/1.0 does not know
  CHECK(head.find("Connection: close") != std::string::npos);
  CHECK(answer.find("data: [DONE]") != std::string::npos);
}
