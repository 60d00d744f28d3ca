// server_limits_test.cc - HttpServer's resource limits, over raw loopback
// sockets: [server] max_connections (a connection past it is answered 503
// and closed, the open ones are still served) and max_buffered_body_bytes
// (a body that would take the server past it is answered 503 with
// Retry-After while the bodies already held are served). Counts, not timing:
// every wait is a bounded socket read or future.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/http/http1_request.h"
#include "proxy/server/body_budget.h"
#include "proxy/server/http_server.h"

namespace gw {
namespace {

class LiveServer {
 public:
  LiveServer(Handler handler, ServerOptions options) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.keep_alive_timeout_s = 60;  // idle test connections stay open
    server_ = std::make_unique<HttpServer>(options, std::move(handler));
    auto port = server_->bind();
    REQUIRE(port.ok());
    port_ = *port;
    done_ = std::async(std::launch::async, [this] { server_->run(); });
  }
  ~LiveServer() {
    server_->stop();
    done_.wait();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::future<void> done_;
};

// A raw client connection with a 5 s read timeout.
class Wire {
 public:
  explicit Wire(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Wire() { ::close(fd_); }
  void send(std::string_view bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size()));
  }
  void post(std::string_view path, size_t declared, size_t sent, bool close = false) {
    send("POST " + std::string(path) + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(declared) +
         (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + std::string(sent, 'b'));
  }
  struct Response {
    int status = 0;
    Headers headers;
    std::string body;
  };
  // One response with a Content-Length body (all these servers send).
  Response read_response() {
    Response r;
    size_t end = 0;
    auto head_end = [this] {  // a response head ends at the first blank line
      size_t at = buf_.find("\r\n\r\n");
      return at == std::string::npos ? size_t{0} : at + 4;
    };
    while ((end = head_end()) == 0) REQUIRE(fill());
    std::string head = buf_.substr(0, end);
    buf_.erase(0, end);
    r.status = std::stoi(head.substr(9, 3));
    for (size_t line = head.find("\r\n") + 2; line < end - 2;) {
      size_t eol = head.find("\r\n", line);
      size_t colon = head.find(':', line);
      r.headers.add(head.substr(line, colon - line), head.substr(colon + 2, eol - colon - 2));
      line = eol + 2;
    }
    size_t n = std::stoul(std::string(r.headers.get("Content-Length")));
    while (buf_.size() < n) REQUIRE(fill());
    r.body = buf_.substr(0, n);
    buf_.erase(0, n);
    return r;
  }
  bool at_eof() {
    char c;
    return buf_.empty() && ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  bool fill() {
    char c[4096];
    ssize_t got = ::recv(fd_, c, sizeof c, 0);
    if (got <= 0) return false;
    buf_.append(c, size_t(got));
    return true;
  }
  int fd_ = -1;
  std::string buf_;
};

Reply ok_reply(const InboundRequest &in) {
  Reply r;
  r.body = std::to_string(in.body.size());
  return r;
}

std::string error_code(const Wire::Response &r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

TEST_CASE(
    "server limits: a connection past max_connections gets 503 and a "
    "close; open ones are still served") {
  ServerOptions options;
  options.threads = 1;
  options.max_connections = 2;
  LiveServer server(ok_reply, options);
  Wire a(server.port()), b(server.port());
  a.post("/x", 1, 1);
  b.post("/x", 1, 1);
  CHECK(a.read_response().status == 200);  // both are open and served
  CHECK(b.read_response().status == 200);
  Wire c(server.port());  // the third: turned away before it sends anything
  Wire::Response refused = c.read_response();
  CHECK(refused.status == 503);
  CHECK(refused.headers.get("Retry-After") == "1");
  CHECK(error_code(refused) == "server_busy");
  CHECK(c.at_eof());
  a.post("/x", 2, 2);  // the open connections are not affected
  CHECK(a.read_response().status == 200);
  b.post("/x", 3, 3, /*close=*/true);
  CHECK(b.read_response().status == 200);
  CHECK(b.at_eof());  // b is closed: there is room again
  Wire d(server.port());
  d.post("/x", 4, 4);
  CHECK(d.read_response().status == 200);
}

TEST_CASE(
    "server limits: a body that would take the server past "
    "max_buffered_body_bytes gets 503 with Retry-After") {
  std::promise<void> entered, released;
  std::shared_future<void> release = released.get_future().share();
  auto handler = [&](const InboundRequest &in) {
    if (in.path == "/hold") {  // keeps its 80,000-byte body held until released
      entered.set_value();
      release.wait_for(std::chrono::seconds(10));  // bounded: a failing test must not hang the server
    }
    return ok_reply(in);
  };
  ServerOptions options;
  options.threads = 3;  // round robin: a blocks loop 0, b and small run on loops 1 and 2
  options.max_buffered_body_bytes = 100'000;
  LiveServer server(handler, options);
  Wire a(server.port());
  a.post("/hold", 80'000, 80'000, /*close=*/true);
  entered.get_future().wait();  // a's body is held: 20,000 bytes are left
  Wire b(server.port());
  b.post("/x", 50'000, 20'001);  // refused once its 20,001st byte arrives
  Wire::Response refused = b.read_response();
  CHECK(refused.status == 503);
  CHECK(refused.headers.get("Retry-After") == "1");
  CHECK(error_code(refused) == "server_busy");
  CHECK(b.at_eof());
  Wire small(server.port());  // a body that fits is served meanwhile
  small.post("/x", 20'000, 20'000, /*close=*/true);
  CHECK(small.read_response().body == "20000");
  CHECK(small.at_eof());
  released.set_value();
  CHECK(a.read_response().body == "80000");
  CHECK(a.at_eof());  // a's connection is done: its body memory is given back
  Wire c(server.port());
  c.post("/x", 50'000, 50'000);
  CHECK(c.read_response().body == "50000");
}

TEST_CASE("body budget: holds grow within the limit and are given back") {
  BodyBudget budget(100);
  {
    BodyHold a(&budget), b(&budget);
    CHECK(a.grow_to(60));
    CHECK(a.grow_to(40));  // never shrinks
    CHECK(budget.held() == 60);
    CHECK_FALSE(b.grow_to(41));
    CHECK(b.grow_to(40));
    CHECK(budget.held() == 100);
    a.release();
    CHECK(budget.held() == 40);
  }
  CHECK(budget.held() == 0);
  BodyHold unbounded(nullptr);
  CHECK(unbounded.grow_to(int64_t{1} << 40));
}

}  // namespace
}  // namespace gw
