// background_queue_test.cc - BackgroundQueue's group commit: a lingering
// drain waits for a fuller batch, and flush()/stop() cut the wait short. The
// linger is an hour, so no outcome depends on timing; every wait on the
// queue's thread is bounded.
#include "proxy/io/background_queue.h"

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace gw {
namespace {

using std::chrono::hours;

// Records the size of every batch the queue drains.
struct BatchLog {
  std::mutex mu;
  std::vector<size_t> sizes;
  std::promise<void> first;
  void add(size_t n) {
    std::lock_guard<std::mutex> lock(mu);
    if (sizes.empty()) first.set_value();
    sizes.push_back(n);
  }
  std::vector<size_t> snapshot() {
    std::lock_guard<std::mutex> lock(mu);
    return sizes;
  }
};

}  // namespace

TEST_CASE("background queue: a lingering drain waits until batch_target items are queued, then takes them at once") {
  BatchLog log;
  auto drained_first = log.first.get_future();
  BackgroundQueue<int> q([&](std::vector<int>& items) { log.add(items.size()); },
                         {.linger = hours(1), .batch_target = 3});
  q.push(1);
  q.push(2);
  q.push(3);
  REQUIRE(drained_first.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(log.snapshot() == std::vector<size_t>{3});
}

TEST_CASE("background queue: flush() drains a short batch without waiting out the linger") {
  BatchLog log;
  BackgroundQueue<int> q([&](std::vector<int>& items) { log.add(items.size()); },
                         {.linger = hours(1), .batch_target = 100});
  q.push(1);
  q.push(2);
  auto flushed = std::async(std::launch::async, [&] { q.flush(); });
  REQUIRE(flushed.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  std::vector<size_t> sizes = log.snapshot();
  size_t total = 0;
  for (size_t n : sizes) total += n;
  CHECK(total == 2);
  q.push(3);  // the next short batch lingers again until the next flush
  q.flush();
  total = 0;
  for (size_t n : log.snapshot()) total += n;
  CHECK(total == 3);
}

TEST_CASE("background queue: stop() drains what is lingering and returns") {
  BatchLog log;
  auto q =
      std::make_unique<BackgroundQueue<int>>([&](std::vector<int>& items) { log.add(items.size()); },
                                             BackgroundQueue<int>::Options{.linger = hours(1), .batch_target = 100});
  q->push(1);
  auto stopped = std::async(std::launch::async, [&] { q->stop(); });
  REQUIRE(stopped.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(log.snapshot() == std::vector<size_t>{1});
}

TEST_CASE("background queue: without a linger every wake drains at once") {
  BatchLog log;
  auto drained_first = log.first.get_future();
  BackgroundQueue<int> q([&](std::vector<int>& items) { log.add(items.size()); });
  q.push(1);
  REQUIRE(drained_first.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(log.snapshot().front() == 1);
}

TEST_CASE("background queue: with max_pending, push() waits for room instead of growing the queue") {
  std::promise<void> draining, release;
  std::shared_future<void> released = release.get_future().share();
  std::mutex mu;
  std::vector<int> drained;
  bool first = true;
  BackgroundQueue<int> q(
      [&](std::vector<int>& items) {
        bool hold = false;
        {
          std::lock_guard<std::mutex> lock(mu);
          drained.insert(drained.end(), items.begin(), items.end());
          hold = std::exchange(first, false);
        }
        if (hold) {
          draining.set_value();
          released.wait_for(std::chrono::seconds(5));
        }
      },
      {.max_pending = 2});
  q.push(1);
  REQUIRE(draining.get_future().wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  q.push(2);
  q.push(3);  // the queue is now full while the consumer is stuck on item 1
  auto fourth = std::async(std::launch::async, [&] { q.push(4); });
  CHECK(fourth.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
  release.set_value();
  REQUIRE(fourth.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  q.flush();
  std::lock_guard<std::mutex> lock(mu);
  CHECK(drained == std::vector<int>{1, 2, 3, 4});
}

}  // namespace gw
