// The periodic job behind the catalog sync and the health monitor
// (proxy/io/periodic_worker.h): first tick at once, wake() cuts a wait
// short, stop() ends a long wait at once. Waits on a condition variable
// with a generous bound; never sleeps.
#include "proxy/io/periodic_worker.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace gw {
namespace {

struct Counter {
  std::mutex mu;
  std::condition_variable cv;
  int ticks = 0;

  int64_t tick() {
    std::lock_guard<std::mutex> lock(mu);
    ++ticks;
    cv.notify_all();
    return 3'600'000;  // an hour: only wake() or stop() should end the wait
  }
  bool reaches(int n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return ticks >= n; });
  }
};

}  // namespace

TEST_CASE("periodic worker: ticks at start, again on wake, and stops without waiting out its hour") {
  Counter counter;
  auto t0 = std::chrono::steady_clock::now();
  {
    PeriodicWorker worker([&] { return counter.tick(); });
    worker.start();
    CHECK(counter.reaches(1));
    worker.wake();
    CHECK(counter.reaches(2));
    worker.stop();
    worker.stop();  // idempotent
  }
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
  std::lock_guard<std::mutex> lock(counter.mu);
  CHECK(counter.ticks == 2);
}

}  // namespace gw
