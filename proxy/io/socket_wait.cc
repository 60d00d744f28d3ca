// socket_wait.cc - bounded waits on one socket. Contracts in socket_wait.h.
#include "proxy/io/socket_wait.h"

#include <algorithm>
#include <system_error>

#include "core/http/http_types.h"
#include "proxy/io/fiber_io.h"

namespace gw {

using SteadyClock = WaitLimits::Clock;

WaitLimits WaitLimits::after(int ms, const std::atomic<bool>* cancel) { return WaitLimits{deadline_after(ms), cancel}; }

SteadyClock::time_point deadline_after(int ms) {
  if (ms <= 0) return SteadyClock::time_point::max();
  return SteadyClock::now() + std::chrono::milliseconds(ms);
}

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

IoResult wait_socket(int fd, short events, const WaitLimits& limits, short* revents) {
  for (;;) {
    if (limits.cancel && limits.cancel->load(std::memory_order_relaxed)) return IoResult::kCancelled;
    SteadyClock::time_point until = limits.deadline;
    if (until != SteadyClock::time_point::max() && SteadyClock::now() >= until) return IoResult::kTimeout;
    if (limits.cancel) until = std::min(until, SteadyClock::now() + std::chrono::milliseconds(kCancelPollMs));
    int ready = wait_for_fd(fd, events, until);
    if (ready > 0) {
      if (revents) *revents = static_cast<short>(ready);
      return IoResult::kOk;
    }
    if (ready < 0) return IoResult::kFailed;
  }
}

}  // namespace gw
