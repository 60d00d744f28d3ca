// fiber_loop.h - an event loop that runs many fibers (stackful coroutines,
// Boost.Context) on one thread, so gw's servers keep thousands of
// connections and in-flight upstream calls on a couple of threads while the
// code that serves them stays plain sequential code: a fiber that would block
// on a socket registers it with the loop's epoll and yields; the loop runs
// other fibers and resumes it when the socket is ready or its deadline passes.
//
// I/O code does not use FiberLoop directly: it calls wait_for_fd() and
// sleep_ms() (fiber_io.h), which yield inside a fiber and block elsewhere.
//
// Rules for code that runs in a fiber: never hold a mutex across a wait
// (another fiber of the same thread could need it), and hand work that
// blocks for long to a BlockingLane (blocking_lane.h).
//
// Thread-safety: spawn(), post() and finish() may be called from any thread;
// everything else runs on the loop's thread (run()'s caller).
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace gw {

class FiberLoop {
  struct Fiber;

 public:
  // Each fiber gets a stack of `stack_bytes` (reserved address space; only
  // the pages it touches take memory) with a guard page below it. Stacks of
  // ended fibers are reused (up to 64 per loop).
  explicit FiberLoop(size_t stack_bytes = kDefaultStackBytes);
  ~FiberLoop();
  FiberLoop(const FiberLoop&) = delete;
  FiberLoop& operator=(const FiberLoop&) = delete;

  static constexpr size_t kDefaultStackBytes = 1 << 20;

  // Starts `body` as a new fiber of this loop (any thread).
  void spawn(std::function<void()> body);
  // Runs `fn` on the loop's thread, outside any fiber, soon (any thread).
  void post(std::function<void()> fn);
  // Runs the loop on the calling thread until finish() was called, every
  // fiber has ended and nothing posted is left to run.
  void run();
  // Makes run() return once its fibers have ended (any thread).
  void finish();
  // Busy polling: after running fibers, the loop keeps asking epoll (without
  // blocking) for up to `ns` before it blocks, so an answer that comes back
  // within that time (a loopback upstream, a keep-alive client's next
  // request) finds the thread running. A blocked thread's CPU may have
  // gone idle, and waking it costs tens of microseconds on virtual
  // machines. 0 turns it off. Call before run().
  // The poll lasts `ns` while at most kFullSpinFibers fibers live, and
  // shrinks in proportion beyond (64 connections on two loops: ~1/8).
  void set_busy_poll_ns(int64_t ns) { busy_poll_ns_ = ns; }
  static constexpr int64_t kFullSpinFibers = 4;
  // How long a loop with `live` fibers polls, for a set length of `busy_poll_ns`.
  static int64_t busy_poll_for(int64_t busy_poll_ns, size_t live);

  // The loop whose fiber is running on the calling thread, or null (the
  // caller is not a fiber).
  static FiberLoop* current();

  // --- for the running fiber only ---------------------------------------
  // Suspends it until `fd` is ready for `events` (EPOLLIN, EPOLLOUT) or
  // `deadline_ns` (steady clock, CLOCK_MONOTONIC ns; < 0: none) passes.
  // Returns the ready events (EPOLLERR/EPOLLHUP included), 0 on timeout, and
  // `events` itself for an fd epoll cannot watch (a regular file is always ready).
  uint32_t wait_fd(int fd, uint32_t events, int64_t deadline_ns);
  // Suspends it until `deadline_ns`.
  void sleep_until(int64_t deadline_ns);

  // A handle that makes a parked fiber run again, from any thread.
  class Waker {
   public:
    void wake() const;

   private:
    friend class FiberLoop;
    Fiber* fiber_ = nullptr;
    FiberLoop* loop_ = nullptr;
  };
  // Suspends the running fiber until the Waker handed to `start` is woken.
  // `start` runs first, on the fiber; a wake that comes before the fiber is
  // suspended is not lost (the loop handles wakes only while it runs).
  void park(const std::function<void(Waker)>& start);

  // A place where one fiber of this loop waits for another fiber of the same
  // loop (or the loop's own thread) to let it go: cheaper than a Waker, which
  // goes through the loop's post queue and eventfd, and safe against stale
  // wakes: notify() affects only a fiber that is waiting on this waiter now.
  class LocalWaiter {
   private:
    friend class FiberLoop;
    Fiber* fiber_ = nullptr;  // the fiber waiting here, while it waits
  };
  // Suspends the running fiber until notify(waiter) or `deadline_ns` (< 0:
  // none). Returns true when notified, false on the deadline.
  bool wait_local(LocalWaiter& waiter, int64_t deadline_ns);
  // Makes the fiber waiting on `waiter`, if any, runnable (loop thread only).
  void notify_local(LocalWaiter& waiter);

  // Monotonic now, in the ns the deadlines above use.
  static int64_t now_ns();

  class StackPool;  // fiber_loop.cc

 private:
  void resume(Fiber* f);
  void suspend();
  void make_runnable(Fiber* f, uint32_t revents);
  void take_posts();
  bool posts_pending();
  void fire_timers();
  int epoll_timeout_ms() const;
  int wait_events(epoll_event* events, int capacity, bool worked);
  void arm_timer(Fiber* f, int64_t deadline_ns);
  void disarm_timer(Fiber* f);

  std::unique_ptr<StackPool> stacks_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: posts from other threads
  Fiber* running_ = nullptr;
  std::deque<Fiber*> runnable_;
  std::set<std::pair<int64_t, Fiber*>> timers_;  // (deadline, fiber) of timed waits
  size_t live_ = 0;                              // fibers started and not ended
  int64_t busy_poll_ns_ = 0;

  std::mutex posts_mu_;
  std::vector<std::function<void()>> posts_;  // guarded by posts_mu_
  std::atomic<bool> finishing_{false};
};

}  // namespace gw
