// raw_http_server.h - a TCP server on an ephemeral 127.0.0.1 port whose
// answers are written byte for byte by the test, for client tests that need
// exact framing on the wire (chunk extensions, trailers, bodies ended by the
// close, "Connection: close", interim heads, idle connections closed by the
// server). Connections are served one at a time, in order, on one thread.
// Tests only. connections() may be read from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace gw {

// The server's end of one accepted connection. Every read gives up after 5 s.
class RawPeer {
 public:
  explicit RawPeer(int fd) : fd_(fd) {}
  // Reads one request: its head and a Content-Length body. False at EOF
  // (the client closed or never sent one) or after 5 s.
  bool read_request(std::string* request = nullptr);
  // Writes every byte; false if the client has gone (or the peer is closed).
  bool write(std::string_view bytes);
  // Closes the connection now (otherwise it closes when serve returns).
  void close();
  bool closed() const { return fd_ < 0; }

 private:
  int fd_;
  std::string buffered_;  // bytes read past the last request
};

class RawHttpServer {
 public:
  // `serve` runs once per accepted connection; `index` counts them from 0.
  using Serve = std::function<void(RawPeer& peer, int index)>;
  explicit RawHttpServer(Serve serve);
  ~RawHttpServer();
  RawHttpServer(const RawHttpServer&) = delete;
  RawHttpServer& operator=(const RawHttpServer&) = delete;

  std::string url(const std::string& path) const;
  // Connections accepted so far.
  int connections() const { return connections_.load(); }

 private:
  void run();

  Serve serve_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// A complete response: `status_line` (e.g. "200 OK"), extra header lines (each
// ending in \r\n), and `body` with a Content-Length.
std::string raw_response(std::string_view status_line, std::string_view headers, std::string_view body);

// One SSE event `data: <data>` framed as one HTTP/1.1 chunk.
std::string raw_sse_chunk(std::string_view data);

}  // namespace gw
