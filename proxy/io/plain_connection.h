// plain_connection.h - one connection to an upstream for PlainHttpClient
// (gw's own client, "plain" as in without libcurl): a non-blocking TCP socket
// with TCP_NODELAY, for https with a TLS session on it (tls_client.h), and a
// read buffer that lives as long as the connection (so a kept-alive
// connection reads its next response without allocating). Every wait is
// bounded by a deadline and an optional cancel flag that is looked at every
// kCancelPollMs.
//
// Thread-safety: none; a connection is used by one thread at a time (it may
// be handed to another thread through the pool between requests).
#pragma once

#include <sys/uio.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/http/http_url.h"
#include "proxy/io/socket_wait.h"
#include "proxy/io/tls_client.h"

namespace gw {

class PlainConnection {
 public:
  // Connects to url.host:url.port (numeric addresses directly, names through
  // getaddrinfo, trying each address) within `timeout_ms` milliseconds; for
  // an https URL also completes the TLS handshake with `tls` (required then)
  // within the same time. Errors: provider_unreachable (refused, DNS, a
  // certificate that does not verify), transfer_timeout, transfer_cancelled.
  static Result<std::unique_ptr<PlainConnection>> connect(const HttpUrl& url, int timeout_ms,
                                                          const std::atomic<bool>* cancel,
                                                          const TlsClient* tls = nullptr);
  // The pool key of a connection to `url` (with `tls` for https): plain
  // ones by host:port, TLS ones also by scheme and trust.
  static std::string pool_key(const HttpUrl& url, const TlsClient* tls);
  ~PlainConnection();
  PlainConnection(const PlainConnection&) = delete;
  PlainConnection& operator=(const PlainConnection&) = delete;

  // Pool key (pool_key()).
  const std::string& key() const { return key_; }

  // Sends `parts` in full (one sendmsg when the socket takes it all). Stops
  // early with kOk and sets answered_early() when the peer sends bytes before
  // it has read the whole request. `limits.deadline` moves on with progress
  // by `gap_ms` (<= 0: never).
  IoResult send_all(iovec* parts, int count, int gap_ms, WaitLimits limits);
  bool answered_early() const { return answered_early_; }

  // Reads what is available into the buffer, waiting (within `limits`) when
  // nothing is. `wait_first`: poll before the first read (when no answer can
  // be there yet). kOk means at least one new byte is buffered.
  IoResult receive(const WaitLimits& limits, bool wait_first);

  // Bytes received and not yet consumed.
  std::string_view buffered() const { return {buffer_.get() + begin_, end_ - begin_}; }
  void consume(size_t n) { begin_ += n; }

  // True when this idle connection may carry a request: nothing buffered, and
  // the socket has nothing to read and is not closed or failed (one
  // non-blocking recv with MSG_PEEK, as curl and nginx check a kept
  // connection). Bytes or a close the server sent unasked mean the next
  // answer could be one nobody requested: such a connection must be closed.
  bool idle_and_clean();

  // errno of the last kClosed/kFailed result, as text.
  std::string last_error() const;

 private:
  PlainConnection(int fd, std::string key);
  // Waits for `events` on the socket within `limits`.
  IoResult wait(short events, const WaitLimits& limits, short* revents = nullptr);
  // The TLS handshake as a client, within `limits`.
  Status handshake(const HttpUrl& url, const TlsClient& tls, const WaitLimits& limits, int timeout_ms);
  // TLS reads and writes: an OpenSSL result (<= 0) as an IoResult, after
  // waiting when OpenSSL wants the socket; kOk means "call it again".
  IoResult tls_retry(int rc, const WaitLimits& limits);
  IoResult tls_send_all(iovec* parts, int count, int gap_ms, WaitLimits limits);
  IoResult tls_receive(const WaitLimits& limits, bool wait_first);
  bool tls_idle_and_clean();

  int fd_;
  SSL* ssl_ = nullptr;  // https only
  std::string key_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_;
  size_t begin_ = 0, end_ = 0;
  bool answered_early_ = false;
  int errno_ = 0;
};

}  // namespace gw
