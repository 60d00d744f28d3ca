// fiber_io.cc - wait_for_fd and sleep_ms: FiberLoop inside a fiber, poll()
// and sleep_for elsewhere. epoll and poll share their bit values on Linux
// (EPOLLIN == POLLIN ...), checked below.
#include "proxy/io/fiber_io.h"

#include <poll.h>
#include <sys/epoll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <thread>

#include "proxy/io/fiber_loop.h"

namespace gw {

static_assert(EPOLLIN == POLLIN && EPOLLOUT == POLLOUT && EPOLLERR == POLLERR && EPOLLHUP == POLLHUP);

namespace {

int64_t to_loop_ns(SteadyTime t) {
  if (t == SteadyTime::max()) return -1;
  // steady_clock is CLOCK_MONOTONIC on Linux, as is FiberLoop::now_ns().
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

int wait_for_fd(int fd, short events, SteadyTime deadline) {
  if (FiberLoop* loop = FiberLoop::current())
    return static_cast<int>(loop->wait_fd(fd, static_cast<uint32_t>(events), to_loop_ns(deadline)));
  for (;;) {
    int ms = -1;
    if (deadline != SteadyTime::max()) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      ms = static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
    }
    pollfd p{fd, events, 0};
    int ready = ::poll(&p, 1, ms);
    if (ready > 0) return p.revents;
    if (ready == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

void sleep_ms(int64_t ms) {
  if (ms <= 0) return;
  if (FiberLoop* loop = FiberLoop::current()) loop->sleep_until(FiberLoop::now_ns() + ms * 1'000'000);
  else std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace gw
