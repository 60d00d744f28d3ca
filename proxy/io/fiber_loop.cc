// fiber_loop.cc - FiberLoop: fibers on Boost.Context, readiness from epoll
// (one-shot registrations, re-armed per wait), deadlines in an ordered set,
// posts from other threads through an eventfd. Contracts in fiber_loop.h.
#include "proxy/io/fiber_loop.h"

#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <boost/context/fiber.hpp>
#include <boost/context/stack_context.hpp>
#include <cerrno>
#include <climits>
#include <ctime>
#include <system_error>

#include "core/base/clock.h"
#include "proxy/io/fiber_asan.h"
#include "proxy/io/fiber_io.h"

namespace gw {

namespace ctx = boost::context;

struct FiberLoop::Fiber {
  ctx::fiber self;  // the fiber, while it is suspended
  ctx::fiber loop;  // the loop, while the fiber runs
  std::function<void()> body;
  bool waiting = false;                // suspended in wait_fd/sleep_until/park
  uint32_t revents = 0;                // what woke it (0: its deadline)
  int64_t deadline = -1;               // of the current timed wait, else -1
  fiber_asan::StackBounds stack;       // its own stack (for ASan builds)
  fiber_asan::StackBounds loop_stack;  // the loop thread's stack, learnt at its start
};

namespace {

thread_local FiberLoop* running_loop = nullptr;  // set while one of its fibers runs

constexpr int kMaxEvents = 64;
constexpr size_t kMaxCachedStacks = 64;  // per loop; more are unmapped when their fiber ends

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

// The stacks of one loop's fibers: mapped with a guard page below (an
// overflow faults instead of corrupting memory), kept for reuse when a fiber
// ends, so a new connection costs no mmap, mprotect or page faults. Used on
// the loop's thread only (fibers start and end there).
class FiberLoop::StackPool {
 public:
  explicit StackPool(size_t bytes) {
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    mapped_ = ((bytes + page - 1) / page + 1) * page;  // + the guard page
    guard_ = page;
  }
  size_t usable() const { return mapped_ - guard_; }
  ~StackPool() {
    for (void* base : free_) ::munmap(base, mapped_);
  }
  ctx::stack_context take() {
    void* base;
    if (!free_.empty()) {
      base = free_.back();
      free_.pop_back();
    } else {
      base = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
      if (base == MAP_FAILED) throw std::bad_alloc();
      ::mprotect(base, guard_, PROT_NONE);
    }
    ctx::stack_context sc;
    sc.size = mapped_;
    sc.sp = static_cast<char*>(base) + mapped_;  // stacks grow down
    return sc;
  }
  void give(ctx::stack_context& sc) {
    void* base = static_cast<char*>(sc.sp) - sc.size;
    if (free_.size() < kMaxCachedStacks) free_.push_back(base);
    else ::munmap(base, mapped_);
  }

 private:
  size_t mapped_ = 0;
  size_t guard_ = 0;
  std::vector<void*> free_;
};

namespace {

// Boost.Context's StackAllocator over a loop's StackPool; notes the stack's
// usable bounds (above the guard page) in `bounds`.
struct PooledStack {
  FiberLoop::StackPool* pool;
  fiber_asan::StackBounds* bounds;
  ctx::stack_context allocate() {
    ctx::stack_context sc = pool->take();
    *bounds = {static_cast<char*>(sc.sp) - pool->usable(), pool->usable()};
    return sc;
  }
  void deallocate(ctx::stack_context& sc) noexcept { pool->give(sc); }
};

}  // namespace

FiberLoop::FiberLoop(size_t stack_bytes) : stacks_(std::make_unique<StackPool>(stack_bytes)) {
  set_system_sleeper(&sleep_ms);  // system_clock().sleep_ms in a fiber yields
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) fail("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) fail("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // the wake fd; fibers have non-null pointers
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) fail("epoll_ctl");
}

FiberLoop::~FiberLoop() {
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

int64_t FiberLoop::now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

FiberLoop* FiberLoop::current() { return running_loop; }

void FiberLoop::post(std::function<void()> fn) {
  bool first;
  {
    std::lock_guard<std::mutex> lock(posts_mu_);
    first = posts_.empty();
    posts_.push_back(std::move(fn));
  }
  if (first) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
}

void FiberLoop::spawn(std::function<void()> body) {
  post([this, body = std::move(body)]() mutable {
    auto* f = new Fiber;
    f->body = std::move(body);
    f->self = ctx::fiber(std::allocator_arg, PooledStack{stacks_.get(), &f->stack}, [f](ctx::fiber&& loop) {
      fiber_asan::finish_switch(nullptr, &f->loop_stack);
      f->loop = std::move(loop);
      try {
        f->body();
      } catch (...) {  // an exception must not cross the stack switch
      }
      f->body = nullptr;
      fiber_asan::start_switch(nullptr, f->loop_stack);  // for good
      return std::move(f->loop);
    });
    ++live_;
    runnable_.push_back(f);
  });
}

void FiberLoop::finish() {
  finishing_.store(true);
  post([] {});  // wakes the loop so it sees the flag
}

void FiberLoop::resume(Fiber* f) {
  running_ = f;
  running_loop = this;
  void* fake_stack = nullptr;
  fiber_asan::start_switch(&fake_stack, f->stack);
  f->self = std::move(f->self).resume();
  fiber_asan::finish_switch(fake_stack);
  running_loop = nullptr;
  running_ = nullptr;
  if (!f->self) {  // its body returned
    delete f;
    --live_;
  }
}

void FiberLoop::suspend() {
  Fiber* f = running_;
  f->waiting = true;
  void* fake_stack = nullptr;
  fiber_asan::start_switch(&fake_stack, f->loop_stack);
  f->loop = std::move(f->loop).resume();
  fiber_asan::finish_switch(fake_stack);
}

void FiberLoop::make_runnable(Fiber* f, uint32_t revents) {
  if (!f->waiting) return;  // already woken (its deadline and its fd in one round)
  f->waiting = false;
  f->revents = revents;
  disarm_timer(f);
  runnable_.push_back(f);
}

void FiberLoop::arm_timer(Fiber* f, int64_t deadline_ns) {
  f->deadline = deadline_ns;
  if (deadline_ns >= 0) timers_.emplace(deadline_ns, f);
}

void FiberLoop::disarm_timer(Fiber* f) {
  if (f->deadline >= 0) timers_.erase({f->deadline, f});
  f->deadline = -1;
}

uint32_t FiberLoop::wait_fd(int fd, uint32_t events, int64_t deadline_ns) {
  Fiber* f = running_;
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.ptr = f;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0 &&
      (errno != ENOENT || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0))
    return events;  // not pollable (EPERM: a regular file) or closed: let the caller's I/O call say
  arm_timer(f, deadline_ns);
  suspend();
  if (f->revents == 0) ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);  // timed out: still armed
  return f->revents;
}

void FiberLoop::sleep_until(int64_t deadline_ns) {
  Fiber* f = running_;
  arm_timer(f, deadline_ns);
  suspend();
}

void FiberLoop::Waker::wake() const {
  Fiber* f = fiber_;
  FiberLoop* loop = loop_;
  loop->post([loop, f] { loop->make_runnable(f, EPOLLIN); });
}

void FiberLoop::park(const std::function<void(Waker)>& start) {
  Waker w;
  w.fiber_ = running_;
  w.loop_ = this;
  start(w);
  suspend();
}

bool FiberLoop::wait_local(LocalWaiter& waiter, int64_t deadline_ns) {
  Fiber* f = running_;
  waiter.fiber_ = f;
  arm_timer(f, deadline_ns);
  suspend();
  waiter.fiber_ = nullptr;  // after a timeout too: a later notify finds no one
  return f->revents != 0;
}

void FiberLoop::notify_local(LocalWaiter& waiter) {
  Fiber* f = waiter.fiber_;
  if (!f) return;
  waiter.fiber_ = nullptr;
  make_runnable(f, EPOLLIN);
}

void FiberLoop::take_posts() {
  uint64_t count = 0;
  [[maybe_unused]] ssize_t n = ::read(wake_fd_, &count, sizeof count);
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard<std::mutex> lock(posts_mu_);
    batch.swap(posts_);
  }
  for (auto& fn : batch) fn();
}

bool FiberLoop::posts_pending() {
  std::lock_guard<std::mutex> lock(posts_mu_);
  return !posts_.empty();
}

void FiberLoop::fire_timers() {
  if (timers_.empty()) return;
  int64_t now = now_ns();
  while (!timers_.empty() && timers_.begin()->first <= now) make_runnable(timers_.begin()->second, 0);
}

int FiberLoop::epoll_timeout_ms() const {
  if (!runnable_.empty()) return 0;
  if (timers_.empty()) return -1;
  int64_t left = timers_.begin()->first - now_ns();
  if (left <= 0) return 0;
  int64_t ms = (left + 999'999) / 1'000'000;  // never wake before the deadline
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

// Full length while a few fibers live (one client, one upstream: each
// request would pay the wake-up); shorter with many, whose next event comes
// soon anyway, so the spin does not take the CPU that the processes making
// those events need.
int64_t FiberLoop::busy_poll_for(int64_t busy_poll_ns, size_t live) {
  const auto fibers = static_cast<int64_t>(live);
  return fibers <= kFullSpinFibers ? busy_poll_ns : busy_poll_ns * kFullSpinFibers / fibers;
}

int FiberLoop::wait_events(epoll_event* events, int capacity, bool worked) {
  // Busy-poll only right after work: an idle loop blocks at once. The poll
  // stops early at the first timer's deadline.
  if (worked && busy_poll_ns_ > 0 && epoll_timeout_ms() != 0) {
    const int64_t spin = busy_poll_for(busy_poll_ns_, live_);
    int64_t until = now_ns() + spin;
    if (!timers_.empty()) until = std::min(until, timers_.begin()->first);
    do {
      const int n = ::epoll_wait(epoll_fd_, events, capacity, 0);
      if (n != 0) return n;
    } while (now_ns() < until);
  }
  return ::epoll_wait(epoll_fd_, events, capacity, epoll_timeout_ms());
}

void FiberLoop::run() {
  epoll_event events[kMaxEvents];
  take_posts();
  for (;;) {
    const bool worked = !runnable_.empty();
    while (!runnable_.empty()) {
      Fiber* f = runnable_.front();
      runnable_.pop_front();
      resume(f);
    }
    if (finishing_.load() && live_ == 0 && !posts_pending()) return;
    const int n = wait_events(events, kMaxEvents, worked);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr == nullptr) take_posts();
      else make_runnable(static_cast<Fiber*>(events[i].data.ptr), events[i].events);
    }
    fire_timers();
  }
}

}  // namespace gw
