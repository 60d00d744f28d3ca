// clock.h - the Clock interface: every time read and wait in gw goes through
// it, so tests drive time with FakeClock (tests/support) and never sleep.
// Implementations must be thread-safe.
#pragma once

#include <cstdint>

namespace gw {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, milliseconds since the Unix epoch (timestamps, TTLs, resets).
  virtual int64_t now_unix_ms() const = 0;
  // Monotonic time in nanoseconds (latency measurement); arbitrary origin.
  virtual int64_t steady_ns() const = 0;
  // Blocks the calling thread for `ms` milliseconds (fake: advances time).
  virtual void sleep_ms(int64_t ms) = 0;
};

// The process's real clock (std::chrono). Defined in core/base/system_clock.cc.
Clock& system_clock();

// How the real clock's sleep_ms waits: by default the thread sleeps; gw's
// fiber loops install a sleeper that lets a fiber yield instead (so a
// sleeping request does not stall the others on its thread).
using Sleeper = void (*)(int64_t ms);
void set_system_sleeper(Sleeper sleeper);

}  // namespace gw
