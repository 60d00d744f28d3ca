// raw_http_server.cc - RawHttpServer and RawPeer over plain POSIX sockets.
// Tests only.
#include "tests/support/raw_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace gw {
namespace {

constexpr int kReadLimitMs = 5000;

// Content-Length of a request head, 0 when absent.
size_t content_length(std::string_view head) {
  for (std::string_view name : {"Content-Length:", "content-length:"}) {
    size_t at = head.find(name);
    if (at != std::string_view::npos) return std::strtoul(head.data() + at + name.size(), nullptr, 10);
  }
  return 0;
}

}  // namespace

bool RawPeer::read_request(std::string* request) {
  size_t head_end = std::string::npos;
  for (;;) {
    if (head_end == std::string::npos && (head_end = buffered_.find("\r\n\r\n")) != std::string::npos) head_end += 4;
    if (head_end != std::string::npos) {
      size_t total = head_end + content_length(std::string_view(buffered_).substr(0, head_end));
      if (buffered_.size() >= total) {
        if (request) *request = buffered_.substr(0, total);
        buffered_.erase(0, total);
        return true;
      }
    }
    pollfd p{fd_, POLLIN, 0};
    if (fd_ < 0 || ::poll(&p, 1, kReadLimitMs) <= 0) return false;
    char data[16384];
    ssize_t got = ::recv(fd_, data, sizeof(data), 0);
    if (got <= 0) return false;
    buffered_.append(data, static_cast<size_t>(got));
  }
}

bool RawPeer::write(std::string_view bytes) {
  while (fd_ >= 0 && !bytes.empty()) {
    ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return fd_ >= 0;
}

void RawPeer::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

RawHttpServer::RawHttpServer(Serve serve) : serve_(std::move(serve)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 16) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("raw server: cannot listen on 127.0.0.1");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

RawHttpServer::~RawHttpServer() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes the accept
  thread_.join();
  ::close(listen_fd_);
}

std::string RawHttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void RawHttpServer::run() {
  while (!stopping_) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    if (stopping_) {
      ::close(fd);
      break;
    }
    RawPeer peer(fd);
    serve_(peer, connections_++);
    peer.close();
  }
}

std::string raw_response(std::string_view status_line, std::string_view headers, std::string_view body) {
  std::string out = "HTTP/1.1 ";
  out += status_line;
  out += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  out += headers;
  out += "\r\n";
  out += body;
  return out;
}

std::string raw_sse_chunk(std::string_view data) {
  std::string event = "data: ";
  event += data;
  event += "\n\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", event.size());
  return std::string(size) + "\r\n" + event + "\r\n";
}

}  // namespace gw
