// plain_connection_tls.cc - PlainConnection over TLS: the client handshake,
// SSL_write/SSL_read on the non-blocking socket with the same bounded waits
// as the plain half, and the idle check of a pooled TLS connection.
// Thread-safety: none (see plain_connection.h).
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "core/http/transport_errors.h"
#include "proxy/io/plain_connection.h"

namespace gw {
namespace {

constexpr size_t kMaxRecord = 16 * 1024;  // plaintext bytes per TLS record

}  // namespace

Status PlainConnection::handshake(const HttpUrl& url, const TlsClient& tls, const WaitLimits& limits, int timeout_ms) {
  ssl_ = tls.new_session(url.host, url.authority);
  if (!ssl_) return make_error(ErrorKind::kInternal, "cannot create a TLS session: " + tls_error_text());
  SSL_set_fd(ssl_, fd_);
  ERR_clear_error();
  for (;;) {
    int rc = SSL_connect(ssl_);
    if (rc == 1) return ok_status();
    int why = SSL_get_error(ssl_, rc);
    if (why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) {
      IoResult ready = wait(why == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, limits);
      if (ready == IoResult::kOk) continue;
      if (ready == IoResult::kTimeout) return transfer_timeout(url.authority, timeout_ms);
      if (ready == IoResult::kCancelled) return transfer_cancelled(url.authority);
      return provider_unreachable(url.authority, "TLS handshake: " + errno_text(errno_));
    }
    long verified = SSL_get_verify_result(ssl_);
    std::string detail = verified != X509_V_OK
                             ? std::string("certificate not trusted: ") + X509_verify_cert_error_string(verified)
                             : tls_error_text();
    if (why == SSL_ERROR_SYSCALL && verified == X509_V_OK && ERR_peek_error() == 0)
      detail = errno == 0 ? "connection closed during the TLS handshake" : errno_text(errno);
    return provider_unreachable(url.authority, "TLS handshake failed: " + detail);
  }
}

IoResult PlainConnection::tls_retry(int rc, const WaitLimits& limits) {
  int why = SSL_get_error(ssl_, rc);
  if (why == SSL_ERROR_WANT_READ) return wait(POLLIN, limits);
  if (why == SSL_ERROR_WANT_WRITE) return wait(POLLOUT, limits);
  if (why == SSL_ERROR_ZERO_RETURN) {  // close_notify
    errno_ = 0;
    return IoResult::kClosed;
  }
  if (why == SSL_ERROR_SYSCALL) {
    errno_ = errno;
    ERR_clear_error();
    return errno_ == 0 || errno_ == ECONNRESET || errno_ == EPIPE ? IoResult::kClosed : IoResult::kFailed;
  }
  errno_ = EPROTO;  // a TLS protocol error: the stream cannot go on
  ERR_clear_error();
  return IoResult::kFailed;
}

IoResult PlainConnection::tls_send_all(iovec* parts, int count, int gap_ms, WaitLimits limits) {
  // One record per write: the head and a small body go out together.
  std::string joined;
  const char* data;
  size_t size;
  if (count == 1) {
    data = static_cast<const char*>(parts[0].iov_base);
    size = parts[0].iov_len;
  } else {
    for (int i = 0; i < count; ++i) joined.append(static_cast<const char*>(parts[i].iov_base), parts[i].iov_len);
    data = joined.data();
    size = joined.size();
  }
  while (size > 0) {
    ERR_clear_error();
    int n = size > kMaxRecord ? static_cast<int>(kMaxRecord) : static_cast<int>(size);
    int rc = SSL_write(ssl_, data, n);
    if (rc > 0) {
      data += rc;
      size -= static_cast<size_t>(rc);
      if (gap_ms > 0) limits.deadline = deadline_after(gap_ms);
      continue;
    }
    IoResult next = tls_retry(rc, limits);
    if (next != IoResult::kOk) return next;
  }
  return IoResult::kOk;
}

IoResult PlainConnection::tls_receive(const WaitLimits& limits, bool wait_first) {
  if (wait_first && SSL_pending(ssl_) == 0) {
    IoResult ready = wait(POLLIN, limits);
    if (ready != IoResult::kOk) return ready;
  }
  for (;;) {
    ERR_clear_error();
    int rc = SSL_read(ssl_, buffer_.get() + end_, static_cast<int>(std::min(capacity_ - end_, size_t{1} << 30)));
    if (rc > 0) {
      end_ += static_cast<size_t>(rc);
      return IoResult::kOk;
    }
    IoResult next = tls_retry(rc, limits);
    if (next != IoResult::kOk) return next;
  }
}

bool PlainConnection::tls_idle_and_clean() {
  // A TLS 1.3 server sends session tickets after the handshake, unasked:
  // those are read here and keep the connection clean; application bytes or
  // a close do not.
  for (;;) {
    if (SSL_pending(ssl_) > 0) return false;
    char byte;
    ssize_t got = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    if (got == 0) return false;
    ERR_clear_error();
    int rc = SSL_read(ssl_, &byte, 1);
    if (rc > 0 || SSL_get_error(ssl_, rc) != SSL_ERROR_WANT_READ) {
      ERR_clear_error();
      return false;
    }
  }
}

}  // namespace gw
