// One housekeeping thread for many periodic jobs (proxy/io/housekeeper.h):
// every job's ticks run on the same thread, a wake runs a job again at
// once, a wake during its own tick is not lost, and remove() waits for a
// running tick. Waits on condition variables with generous bounds; never
// sleeps.
#include "proxy/io/housekeeper.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace gw {
namespace {

constexpr int64_t kAnHour = 3'600'000;

struct Seen {
  std::mutex mu;
  std::condition_variable cv;
  std::multiset<std::string> ticks;
  std::set<std::thread::id> threads;

  int64_t tick(const std::string& job) {
    std::lock_guard<std::mutex> lock(mu);
    ticks.insert(job);
    threads.insert(std::this_thread::get_id());
    cv.notify_all();
    return kAnHour;
  }
  bool reaches(const std::string& job, size_t n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return ticks.count(job) >= n; });
  }
};

}  // namespace

TEST_CASE("housekeeper: many jobs, one thread; a wake runs one job again, not the others") {
  Seen seen;
  Housekeeper house("gw-test-house");
  auto a = house.add([&] { return seen.tick("a"); });
  auto b = house.add([&] { return seen.tick("b"); });
  auto c = house.add([&] { return seen.tick("c"); });
  REQUIRE(seen.reaches("a", 1));
  REQUIRE(seen.reaches("b", 1));
  REQUIRE(seen.reaches("c", 1));
  house.wake(b);
  REQUIRE(seen.reaches("b", 2));
  house.remove(a);
  house.remove(b);
  house.remove(c);
  house.remove(c);  // already gone: ignored
  house.wake(a);    // likewise
  std::lock_guard<std::mutex> lock(seen.mu);
  CHECK(seen.threads.size() == 1);
  CHECK(seen.threads.count(std::this_thread::get_id()) == 0);
  CHECK(seen.ticks.count("a") == 1);
  CHECK(seen.ticks.count("b") == 2);
  CHECK(seen.ticks.count("c") == 1);
}

TEST_CASE("housekeeper: a wake during the job's own tick runs it once more right after") {
  Seen seen;
  Housekeeper house;
  Housekeeper::JobId id = 0;
  std::mutex id_mu;
  int calls = 0;
  id = house.add([&] {
    int n;
    {
      std::lock_guard<std::mutex> lock(id_mu);
      n = ++calls;
      if (n == 1) house.wake(id);  // e.g. new work arrived while this pass ran
    }
    return seen.tick("job");
  });
  CHECK(seen.reaches("job", 2));
  house.remove(id);
  CHECK(calls == 2);  // and not again: its hour has not passed
}

TEST_CASE("housekeeper: remove() waits for the job's running tick to end") {
  Housekeeper house;
  std::mutex mu;
  std::condition_variable cv;
  bool inside = false, release = false, finished = false;
  auto id = house.add([&] {
    std::unique_lock<std::mutex> lock(mu);
    inside = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    finished = true;
    return kAnHour;
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return inside; }));
  }
  std::thread releaser([&] {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
    cv.notify_all();
  });
  house.remove(id);
  {
    std::lock_guard<std::mutex> lock(mu);
    CHECK(finished);  // remove() returned only after the tick did
  }
  releaser.join();
}

TEST_CASE("housekeeper: a job removed while the thread waits for its deadline is forgotten safely") {
  // The thread waits until the earliest job's due time; removing that job
  // meanwhile must not leave the wait reading the job's memory (ASan).
  Seen seen;
  Housekeeper house;
  auto waited_on = house.add([&] { return seen.tick("waited-on"); });
  REQUIRE(seen.reaches("waited-on", 1));  // now the thread waits for its hour
  house.remove(waited_on);
  auto next = house.add([&] { return seen.tick("next"); });  // wakes the thread
  CHECK(seen.reaches("next", 1));
  house.remove(next);
}

}  // namespace gw
