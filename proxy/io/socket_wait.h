// socket_wait.h - waiting on one socket within bounds, for gw's own client
// (PlainConnection): a deadline and an optional cancel flag looked at every
// kCancelPollMs. Inside a fiber the wait yields to the loop (fiber_io.h);
// elsewhere it blocks in poll.
//
// Thread-safety: free functions acting on the calling thread or fiber.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

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

// `ms` milliseconds from now; time_point::max() for ms <= 0.
WaitLimits::Clock::time_point deadline_after(int ms);

// Waits until `fd` is ready for `events` (poll bits), the deadline passes or
// the cancel flag is set. kOk with the ready bits in *revents (if given).
IoResult wait_socket(int fd, short events, const WaitLimits& limits, short* revents);

// errno `err` as text.
std::string errno_text(int err);

}  // namespace gw
