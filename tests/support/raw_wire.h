// raw_wire.h - gw's own HttpServer on an ephemeral loopback port, and a raw
// client socket whose every byte is the test's choice, for the server's
// tests (tests/proxy/http_server*_test.cc). Every wait is a bounded socket
// read (5 s) or poll; nothing sleeps. Tests only; one thread per Wire.
#pragma once

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/chunked_decoder.h"
#include "proxy/server/http_server.h"

namespace gw {

// A server on an ephemeral loopback port, run on its own thread.
class LiveServer {
 public:
  explicit LiveServer(Handler handler, ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, std::move(handler));
    auto port = server_->bind();
    REQUIRE(port.ok());
    port_ = *port;
    done_ = std::async(std::launch::async, [this] { server_->run(); });
  }
  ~LiveServer() { stop(); }
  // True when run() returned within 5 s of stop().
  bool stop() {
    server_->stop();
    return !done_.valid() || done_.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
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
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Wire() { close(); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // False when the server has closed (or reset) the connection.
  bool try_send(std::string_view bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size());
  }
  void send(std::string_view bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size()));
  }
  // Reads until `buf_` holds `n` bytes, or EOF/timeout.
  bool need(size_t n) {
    while (buf_.size() < n) {
      char c[4096];
      ssize_t got = ::recv(fd_, c, sizeof c, 0);
      if (got <= 0) return false;
      buf_.append(c, size_t(got));
    }
    return true;
  }
  // The bytes of one recv() (after any already buffered ones).
  std::string one_read() {
    std::string out = std::move(buf_);
    buf_.clear();
    char c[4096];
    ssize_t got = ::recv(fd_, c, sizeof c, 0);
    if (got > 0) out.append(c, size_t(got));
    return out;
  }
  // The server ended the connection: a close, or a reset (it closed with
  // bytes of ours unread, as after refusing an oversized head).
  bool at_eof() {
    char c;
    if (!buf_.empty()) return false;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

  struct Response {
    int status = 0;
    Headers headers;
    std::string body;
  };
  // Reads one response (Content-Length, chunked, or none for HEAD/1xx).
  Response read_response(bool head_only = false) {
    Response r;
    size_t end = 0;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) REQUIRE(need(buf_.size() + 1));
    end += 4;
    std::string head = buf_.substr(0, end);
    buf_.erase(0, end);
    r.status = std::stoi(head.substr(9, 3));
    size_t line = head.find("\r\n") + 2;
    while (line < end - 2) {
      size_t eol = head.find("\r\n", line);
      size_t colon = head.find(':', line);
      r.headers.add(head.substr(line, colon - line), head.substr(colon + 2, eol - colon - 2));
      line = eol + 2;
    }
    if (head_only || r.status < 200) return r;
    if (r.headers.has("Content-Length")) {
      size_t n = std::stoul(std::string(r.headers.get("Content-Length")));
      REQUIRE(need(n));
      r.body = buf_.substr(0, n);
      buf_.erase(0, n);
    } else if (r.headers.get("Transfer-Encoding") == "chunked") {
      ChunkedDecoder d;
      for (;;) {
        auto used = d.decode(buf_, r.body);
        REQUIRE(used.ok());
        buf_.erase(0, *used);
        if (d.done()) break;
        REQUIRE(need(buf_.size() + 1));
      }
    } else if (r.status != 204 && r.status != 304) {  // delimited by the close (an HTTP/1.0 stream)
      while (need(buf_.size() + 1)) {
      }
      r.body = std::move(buf_);
      buf_.clear();
    }
    return r;
  }
  // True when something to read (or the close) arrives within `ms`.
  bool readable_within(int ms) {
    if (!buf_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }

 private:
  int fd_ = -1;
  std::string buf_;
};

// Answers with the method, path, query and body it saw.
inline Reply echo(const InboundRequest& in) {
  Reply r;
  r.headers.add("X-Method", in.method);
  r.headers.add("X-Path", in.path);
  r.headers.add("X-Query", in.query);
  r.headers.add("X-Remote", in.remote_addr);
  r.content_type = "text/plain";
  r.body = in.body;
  return r;
}

inline std::string post(std::string_view path, std::string_view body, std::string_view extra = "") {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extra) +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

}  // namespace gw
