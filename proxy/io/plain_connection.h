// plain_connection.h - one plain TCP connection to an upstream, for
// PlainHttpClient: a non-blocking socket with TCP_NODELAY and a read buffer
// that lives as long as the connection (so a kept-alive connection reads its
// next response without allocating). Every wait is bounded by a deadline and
// an optional cancel flag that is looked at every kCancelPollMs.
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

namespace gw {

// Bounds on one wait: give up at `deadline`, or soon after *cancel reads true.
struct WaitLimits {
  using Clock = std::chrono::steady_clock;
  Clock::time_point deadline = Clock::time_point::max();  // default: never
  const std::atomic<bool>* cancel = nullptr;              // default: none

  // Limits `ms` milliseconds from now (<= 0: no deadline).
  static WaitLimits after(int ms, const std::atomic<bool>* cancel);
};

// How an I/O call ended.
enum class IoResult {
  kOk,         // bytes moved (or, for a send, the peer has answered already)
  kClosed,     // the peer closed the connection (EOF, reset, broken pipe)
  kTimeout,    // the deadline passed
  kCancelled,  // the cancel flag was set
  kFailed,     // another socket error (see last_error())
};

class PlainConnection {
 public:
  // Connects to url.host:url.port (numeric addresses directly, names through
  // getaddrinfo, trying each address) within `timeout_ms` milliseconds.
  // Errors: provider_unreachable, transfer_timeout, transfer_cancelled.
  static Result<std::unique_ptr<PlainConnection>> connect(const HttpUrl& url, int timeout_ms,
                                                          const std::atomic<bool>* cancel);
  ~PlainConnection();
  PlainConnection(const PlainConnection&) = delete;
  PlainConnection& operator=(const PlainConnection&) = delete;

  // Pool key: the "host:port" it was opened for.
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

  int fd_;
  std::string key_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_;
  size_t begin_ = 0, end_ = 0;
  bool answered_early_ = false;
  int errno_ = 0;
};

}  // namespace gw
