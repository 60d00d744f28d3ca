// BatchQueue: bounded, never blocks the producer, delivers in batches.
#include "proxy/telemetry/batch_queue.h"

#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>

namespace gw {
namespace {

// A sink that records batches and can be held shut.
struct Recorder {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::vector<int>> batches;
  bool hold = false;
  bool inside = false;

  void take(std::vector<int>& batch) {
    std::unique_lock<std::mutex> lock(mu);
    inside = true;
    cv.notify_all();
    cv.wait(lock, [&] { return !hold; });
    batches.push_back(batch);
    inside = false;
  }
  void wait_inside() {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return inside; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu);
    hold = false;
    cv.notify_all();
  }
  size_t items() {
    std::lock_guard<std::mutex> lock(mu);
    size_t n = 0;
    for (auto& b : batches) n += b.size();
    return n;
  }
};

}  // namespace

TEST_CASE("batch queue: flush hands everything to the sink, in batches of at most max_batch") {
  Recorder r;
  BatchQueue<int> q(100, 4, std::chrono::hours(1), [&](std::vector<int>& b) { r.take(b); });
  for (int i = 0; i < 10; ++i) CHECK(q.push(i));
  q.flush();
  CHECK(r.items() == 10);
  for (auto& b : r.batches) CHECK(b.size() <= 4);
  CHECK(r.batches.front().front() == 0);
  CHECK(r.batches.back().back() == 9);
  CHECK(q.dropped() == 0);
}

TEST_CASE("batch queue: with the sink stuck, pushes still return at once and the overflow is dropped and counted") {
  Recorder r;
  r.hold = true;
  BatchQueue<int> q(3, 1, std::chrono::milliseconds(0), [&](std::vector<int>& b) { r.take(b); });
  CHECK(q.push(0));
  r.wait_inside();  // the thread holds item 0 inside the stuck sink
  CHECK(q.push(1));
  CHECK(q.push(2));
  CHECK(q.push(3));
  CHECK_FALSE(q.push(4));  // three waiting: full
  CHECK_FALSE(q.push(5));
  CHECK(q.dropped() == 2);
  r.release();
  q.flush();
  CHECK(r.items() == 4);
}

TEST_CASE("batch queue: destruction delivers what is waiting when it fits one batch") {
  Recorder r;
  {
    BatchQueue<int> q(10, 5, std::chrono::hours(1), [&](std::vector<int>& b) { r.take(b); });
    q.push(1);
    q.push(2);
  }
  CHECK(r.items() == 2);
}

}  // namespace gw
