// fiber_io.h - waiting for a socket or for time in a way that suits the
// caller: inside a FiberLoop fiber the wait yields to the loop's other
// fibers; on an ordinary thread it blocks (poll, sleep). Socket code calls
// these instead of poll() so the same code serves both.
//
// Thread-safety: free functions; each acts on the calling thread or fiber.
#pragma once

#include <chrono>
#include <cstdint>

namespace gw {

using SteadyTime = std::chrono::steady_clock::time_point;

// Waits until `fd` is ready for `events` (poll bits: POLLIN, POLLOUT) or
// `deadline` passes (time_point::max(): never). Returns the ready poll bits
// (POLLERR/POLLHUP included), 0 on timeout, -1 when poll itself failed.
int wait_for_fd(int fd, short events, SteadyTime deadline);

// Sleeps `ms` milliseconds (a fiber yields meanwhile).
void sleep_ms(int64_t ms);

}  // namespace gw
