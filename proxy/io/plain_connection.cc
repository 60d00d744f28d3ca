// plain_connection.cc - PlainConnection: non-blocking connect with a
// deadline, sendmsg/recv with waits (wait_socket: poll, or the fiber loop)
// bounded by WaitLimits. The TLS half is plain_connection_tls.cc.
// Thread-safety: none (see the header).
#include "proxy/io/plain_connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/http/http_types.h"
#include "core/http/transport_errors.h"
#include "proxy/io/socket_wait.h"

namespace gw {
namespace {

constexpr size_t kInitialBuffer = 16 * 1024;  // bytes; grows only for larger heads

using SteadyClock = WaitLimits::Clock;

// Opens a socket to `addr` and waits for the connection. On kOk `fd` is the
// connected socket; otherwise `err` holds errno (for kFailed).
IoResult connect_addr(const sockaddr* addr, socklen_t len, const WaitLimits& limits, int& fd, int& err) {
  fd = ::socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    err = errno;
    return IoResult::kFailed;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
  IoResult result = IoResult::kOk;
  if (::connect(fd, addr, len) != 0) {
    err = errno;
    result = err == EINPROGRESS ? wait_socket(fd, POLLOUT, limits, nullptr) : IoResult::kFailed;
    if (result == IoResult::kOk) {
      socklen_t size = sizeof(err);
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &size) != 0) err = errno;
      if (err != 0) result = IoResult::kFailed;
    }
  }
  if (result != IoResult::kOk) {
    ::close(fd);
    fd = -1;
  }
  return result;
}

// A numeric IPv4/IPv6 host as a socket address (no resolver call).
bool numeric_address(const HttpUrl& url, sockaddr_storage& out, socklen_t& len) {
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  if (::inet_pton(AF_INET, url.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(url.port));
    len = sizeof(sockaddr_in);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (::inet_pton(AF_INET6, url.host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(url.port));
    len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

Error connect_error(IoResult result, const HttpUrl& url, int timeout_ms, int err) {
  if (result == IoResult::kTimeout) return transfer_timeout(url.authority, timeout_ms);
  if (result == IoResult::kCancelled) return transfer_cancelled(url.authority);
  return provider_unreachable(url.authority, err != 0 ? errno_text(err) : "no usable address");
}

}  // namespace

std::string PlainConnection::pool_key(const HttpUrl& url, const TlsClient* tls) {
  if (url.scheme != "https") return url.authority;
  return "https://" + url.authority + " " + std::to_string(reinterpret_cast<uintptr_t>(tls));
}

Result<std::unique_ptr<PlainConnection>> PlainConnection::connect(const HttpUrl& url, int timeout_ms,
                                                                  const std::atomic<bool>* cancel,
                                                                  const TlsClient* tls) {
  WaitLimits limits = WaitLimits::after(timeout_ms, cancel);
  int fd = -1, err = 0;
  IoResult result = IoResult::kFailed;
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (numeric_address(url, addr, len)) {
    result = connect_addr(reinterpret_cast<sockaddr*>(&addr), len, limits, fd, err);
  } else {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;  // no AI_ADDRCONFIG: it hides localhost on hosts with only loopback
    addrinfo* found = nullptr;
    int rc = ::getaddrinfo(url.host.c_str(), std::to_string(url.port).c_str(), &hints, &found);
    if (rc != 0)
      return provider_unreachable(url.authority, std::string("could not resolve host: ") + ::gai_strerror(rc));
    // Each address in turn (localhost: ::1, then 127.0.0.1), all within one deadline.
    for (addrinfo* ai = found; ai; ai = ai->ai_next) {
      result = connect_addr(ai->ai_addr, ai->ai_addrlen, limits, fd, err);
      if (result != IoResult::kFailed) break;
    }
    ::freeaddrinfo(found);
  }
  if (result != IoResult::kOk) return connect_error(result, url, timeout_ms, err);
  std::unique_ptr<PlainConnection> connection(new PlainConnection(fd, pool_key(url, tls)));
  if (url.scheme == "https") {
    if (!tls) return transfer_failed(url.authority, "an https URL needs TLS settings");
    Status shaken = connection->handshake(url, *tls, limits, timeout_ms);
    if (!shaken.ok()) return shaken.error();
  }
  return connection;
}

PlainConnection::PlainConnection(int fd, std::string key)
    : fd_(fd), key_(std::move(key)), buffer_(new char[kInitialBuffer]), capacity_(kInitialBuffer) {}

PlainConnection::~PlainConnection() {
  free_tls_session(ssl_);
  ::close(fd_);
}

IoResult PlainConnection::wait(short events, const WaitLimits& limits, short* revents) {
  IoResult result = wait_socket(fd_, events, limits, revents);
  if (result == IoResult::kFailed) errno_ = errno;
  return result;
}

IoResult PlainConnection::send_all(iovec* parts, int count, int gap_ms, WaitLimits limits) {
  answered_early_ = false;
  if (ssl_) return tls_send_all(parts, count, gap_ms, limits);
  while (count > 0) {
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = static_cast<size_t>(count);
    ssize_t sent = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        errno_ = errno;
        return errno_ == EPIPE || errno_ == ECONNRESET ? IoResult::kClosed : IoResult::kFailed;
      }
      short revents = 0;
      IoResult ready = wait(POLLOUT | POLLIN, limits, &revents);
      if (ready != IoResult::kOk) return ready;
      if ((revents & POLLIN) && !(revents & POLLOUT)) {
        answered_early_ = true;  // the answer (or the close) comes first: read it
        return IoResult::kOk;
      }
      continue;
    }
    auto left = static_cast<size_t>(sent);
    while (count > 0 && left >= parts->iov_len) {
      left -= parts->iov_len;
      ++parts;
      --count;
    }
    if (count > 0) {
      parts->iov_base = static_cast<char*>(parts->iov_base) + left;
      parts->iov_len -= left;
    }
    if (gap_ms > 0) limits.deadline = deadline_after(gap_ms);
  }
  return IoResult::kOk;
}

IoResult PlainConnection::receive(const WaitLimits& limits, bool wait_first) {
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (end_ == capacity_) {
    if (begin_ > 0) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    } else {
      std::unique_ptr<char[]> bigger(new char[capacity_ * 2]);
      std::memcpy(bigger.get(), buffer_.get(), end_);
      buffer_ = std::move(bigger);
      capacity_ *= 2;
    }
    end_ -= begin_;
    begin_ = 0;
  }
  if (ssl_) return tls_receive(limits, wait_first);
  for (;;) {
    if (wait_first) {
      IoResult ready = wait(POLLIN, limits, nullptr);
      if (ready != IoResult::kOk) return ready;
    }
    ssize_t got = ::recv(fd_, buffer_.get() + end_, capacity_ - end_, 0);
    if (got > 0) {
      end_ += static_cast<size_t>(got);
      return IoResult::kOk;
    }
    if (got == 0) {
      errno_ = 0;
      return IoResult::kClosed;
    }
    wait_first = errno != EINTR;
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
    errno_ = errno;
    return errno_ == ECONNRESET ? IoResult::kClosed : IoResult::kFailed;
  }
}

bool PlainConnection::idle_and_clean() {
  if (begin_ != end_) return false;
  if (ssl_) return tls_idle_and_clean();
  char byte;
  ssize_t got = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);  // 0: closed; > 0: unasked bytes
}

std::string PlainConnection::last_error() const {
  return errno_ == 0 ? "connection closed by the provider" : errno_text(errno_);
}

}  // namespace gw
