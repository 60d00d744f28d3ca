// fiber_loop_test.cc - FiberLoop, fiber_io and BlockingLane: fibers of one
// thread take turns whenever one waits for a socket, deadlines end waits,
// a fiber waiting on a lane's blocking job does not stall its loop, and the
// same calls block normally outside a fiber. Socket pairs only; no sleeps
// (deadlines tested are past or 1 ms away).
#include "proxy/io/fiber_loop.h"

#include <doctest/doctest.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <future>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.h"
#include "proxy/io/blocking_lane.h"
#include "proxy/io/fiber_io.h"

namespace gw {
namespace {

struct SocketPair {
  int fd[2] = {-1, -1};
  SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fd) == 0); }
  ~SocketPair() {
    ::close(fd[0]);
    ::close(fd[1]);
  }
};

// Reads one byte from a non-blocking socket, waiting for it like gw's I/O code does.
char read_byte(int fd) {
  char c = 0;
  while (::read(fd, &c, 1) != 1) REQUIRE(wait_for_fd(fd, POLLIN, SteadyTime::max()) > 0);
  return c;
}

void write_byte(int fd, char c) { REQUIRE(::write(fd, &c, 1) == 1); }

// Runs `loop` on a thread of its own until its fibers end.
struct LoopThread {
  FiberLoop loop;
  std::thread thread{[this] { loop.run(); }};
  ~LoopThread() { join(); }
  void join() {
    if (!thread.joinable()) return;
    loop.finish();
    thread.join();
  }
};

TEST_CASE("fibers of one loop take turns whenever one waits for its socket") {
  SocketPair a, b;                 // a: ping to the second fiber, b: pong back
  std::vector<std::string> order;  // written by the loop's one thread only
  LoopThread t;
  t.loop.spawn([&] {
    order.push_back("first sends ping");
    write_byte(a.fd[0], 'p');
    char c = read_byte(b.fd[1]);  // yields until the second fiber answers
    order.push_back(std::string("first got ") + c);
  });
  t.loop.spawn([&] {
    char c = read_byte(a.fd[1]);
    order.push_back(std::string("second got ") + c);
    write_byte(b.fd[0], 'q');
  });
  t.join();
  CHECK(order == std::vector<std::string>{"first sends ping", "second got p", "first got q"});
}

TEST_CASE("a thousand fibers wait on a thousand sockets with one thread") {
  constexpr int kFibers = 1000;
  std::vector<std::unique_ptr<SocketPair>> pairs;
  for (int i = 0; i < kFibers; ++i) pairs.push_back(std::make_unique<SocketPair>());
  std::atomic<int> answered{0};
  std::set<std::thread::id> threads;
  LoopThread t;
  for (int i = 0; i < kFibers; ++i)
    t.loop.spawn([&, i] {
      char c = read_byte(pairs[i]->fd[1]);
      threads.insert(std::this_thread::get_id());
      if (c == static_cast<char>('a' + i % 26)) answered.fetch_add(1);
    });
  for (int i = kFibers - 1; i >= 0; --i) write_byte(pairs[i]->fd[0], static_cast<char>('a' + i % 26));
  t.join();
  CHECK(answered.load() == kFibers);
  CHECK(threads.size() == 1);
}

TEST_CASE("a wait whose deadline has passed ends with a timeout, and the fd can be waited on again") {
  SocketPair p;
  int first = -1, second = -1;
  LoopThread t;
  t.loop.spawn([&] {
    first = wait_for_fd(p.fd[1], POLLIN, std::chrono::steady_clock::now());  // nothing to read
    write_byte(p.fd[0], 'x');
    second = wait_for_fd(p.fd[1], POLLIN, SteadyTime::max());
  });
  t.join();
  CHECK(first == 0);
  CHECK((second & POLLIN) != 0);
}

TEST_CASE("busy polling lasts its set length with a few fibers and shrinks in proportion with many") {
  constexpr int64_t kSet = 100'000;  // 100 us
  CHECK(FiberLoop::busy_poll_for(kSet, 0) == kSet);
  CHECK(FiberLoop::busy_poll_for(kSet, 2) == kSet);  // one client, its upstream wait
  CHECK(FiberLoop::busy_poll_for(kSet, FiberLoop::kFullSpinFibers) == kSet);
  CHECK(FiberLoop::busy_poll_for(kSet, 8) == kSet / 2);
  CHECK(FiberLoop::busy_poll_for(kSet, 33) == 12'121);  // 64 connections on two loops
  CHECK(FiberLoop::busy_poll_for(0, 33) == 0);          // off stays off
}

TEST_CASE(
    "a busy-polling loop still hands sockets between fibers, ends a wait at its deadline and stops when finished") {
  // The poll window (100 s) is far longer than the test may take: a poll
  // that ignored the deadline, a socket or finish() would show in `elapsed`.
  const auto start = std::chrono::steady_clock::now();
  SocketPair a, b, c;
  int timed_out = -1;
  char got = 0, from_outside = 0;
  {
    LoopThread t;
    t.loop.set_busy_poll_ns(int64_t{100} * 1'000'000'000);
    t.loop.spawn([&] {
      write_byte(a.fd[0], 'p');
      got = read_byte(b.fd[1]);  // the other fiber answers while this loop polls
      timed_out = wait_for_fd(b.fd[1], POLLIN, std::chrono::steady_clock::now() + std::chrono::milliseconds(1));
    });
    t.loop.spawn([&] { write_byte(b.fd[0], read_byte(a.fd[1])); });
    t.loop.spawn([&] { from_outside = read_byte(c.fd[1]); });
    write_byte(c.fd[0], 'x');  // from another thread, while the loop runs
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(got == 'p');
  CHECK(from_outside == 'x');
  CHECK(timed_out == 0);
  CHECK(elapsed < std::chrono::seconds(10));
}

TEST_CASE("a sleep of zero and a clock sleep in a fiber return without blocking the loop") {
  LoopThread t;
  bool done = false;
  t.loop.spawn([&] {
    sleep_ms(0);
    system_clock().sleep_ms(0);
    done = true;
  });
  t.join();
  CHECK(done);
}

TEST_CASE("a fiber waiting on a lane's blocking job leaves its loop free for the others") {
  std::promise<void> released;
  auto release = released.get_future();
  std::thread::id loop_thread, lane_thread, second_lane_job;
  bool job_done = false;
  LoopThread t;
  t.loop.spawn([&] {
    loop_thread = std::this_thread::get_id();
    BlockingLane lane;
    // The job blocks until the other fiber of this loop releases it: with a
    // stalled loop that fiber could never run.
    lane.run([&] {
      lane_thread = std::this_thread::get_id();
      release.wait();
      job_done = true;
    });
    lane.run([&] { second_lane_job = std::this_thread::get_id(); });
  });
  t.loop.spawn([&] { released.set_value(); });
  t.join();
  CHECK(job_done);
  CHECK(lane_thread != loop_thread);
  CHECK(second_lane_job == lane_thread);  // one lane, one thread
}

TEST_CASE("a lane rethrows its job's exception to the caller, in a fiber or not") {
  BlockingLane lane;
  CHECK_THROWS_WITH_AS(lane.run([] { throw std::runtime_error("job failed"); }), "job failed", std::runtime_error);
  int ran = 0;
  lane.run([&] { ++ran; });  // the lane still works
  CHECK(ran == 1);
  std::string caught;
  LoopThread t;
  t.loop.spawn([&] {
    BlockingLane in_fiber;
    try {
      in_fiber.run([] { throw std::runtime_error("fiber job failed"); });
    } catch (const std::runtime_error& e) {
      caught = e.what();
    }
  });
  t.join();
  CHECK(caught == "fiber job failed");
}

TEST_CASE("outside a fiber wait_for_fd polls: ready data at once, a past deadline as a timeout") {
  SocketPair p;
  CHECK(FiberLoop::current() == nullptr);
  CHECK(wait_for_fd(p.fd[1], POLLIN, std::chrono::steady_clock::now()) == 0);
  write_byte(p.fd[0], 'z');
  CHECK((wait_for_fd(p.fd[1], POLLIN, SteadyTime::max()) & POLLIN) != 0);
  CHECK(read_byte(p.fd[1]) == 'z');
}

// Writes 64 KiB of the calling fiber's stack; returns the page faults that took.
long touch_stack() {
  rusage before{}, after{};
  ::getrusage(RUSAGE_THREAD, &before);
  volatile char block[64 * 1024];
  for (size_t i = 0; i < sizeof block; i += 512) block[i] = 1;
  ::getrusage(RUSAGE_THREAD, &after);
  return after.ru_minflt - before.ru_minflt;
}

TEST_CASE("a new fiber reuses the stack of one that ended: its pages are already there") {
  long first_faults = -1, second_faults = -1;
  LoopThread t;
  t.loop.spawn([&] {
    first_faults = touch_stack();
    t.loop.spawn([&] { second_faults = touch_stack(); });  // starts after this fiber has ended
  });
  t.join();
  CHECK(first_faults >= 8);  // a fresh stack: its pages fault in as they are first written
  CHECK(second_faults < 4);  // the same stack again, its pages still mapped
}

TEST_CASE("a fiber that throws ends alone; the loop and its other fibers go on") {
  bool other_ran = false;
  LoopThread t;
  t.loop.spawn([] { throw std::runtime_error("boom"); });
  t.loop.spawn([&] { other_ran = true; });
  t.join();
  CHECK(other_ran);
}

}  // namespace
}  // namespace gw
