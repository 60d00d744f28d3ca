// lane_pool_test.cc - LanePool (proxy/io/lane_pool.h): however many callers
// ask at once, at most `threads` threads run their jobs and at most `queue`
// more wait; the rest are refused at once. Counts, no sleeps.
#include "proxy/io/lane_pool.h"

#include <doctest/doctest.h>

#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "proxy/io/fiber_loop.h"

namespace gw {
namespace {

TEST_CASE(
    "lane pool: 50 callers at once start at most its threads and queue "
    "at most its queue") {
  LanePool pool(2, 3);
  std::promise<void> released;
  std::shared_future<void> release = released.get_future().share();
  std::mutex mu;
  std::set<std::thread::id> job_threads;
  int ran = 0, refused = 0, started_when_full = -1;
  FiberLoop loop;
  // Each fiber asks for a lane and, when admitted, parks until its job is
  // done; the loop runs them in order, so the last fiber sees all 50 asked.
  for (int i = 0; i < 50; ++i)
    loop.spawn([&] {
      bool admitted = pool.run([&] {
        release.wait();
        std::lock_guard<std::mutex> lock(mu);
        job_threads.insert(std::this_thread::get_id());
        ++ran;
      });
      if (!admitted) ++refused;
    });
  loop.spawn([&] {
    started_when_full = pool.threads_started();
    released.set_value();
    loop.finish();
  });
  loop.run();
  CHECK(refused == 45);  // 2 running + 3 waiting were admitted
  CHECK(ran == 5);
  CHECK(started_when_full <= 2);
  CHECK(pool.threads_started() == 2);
  CHECK(job_threads.size() <= 2);
  CHECK(pool.jobs_admitted() == 5);
  // Once the jobs are done the pool takes new ones, on the same threads.
  CHECK(pool.run([&] { ++ran; }));
  CHECK(ran == 6);
  CHECK(pool.threads_started() == 2);
}

TEST_CASE(
    "lane pool: a job's exception reaches its caller, and the pool keeps "
    "working") {
  LanePool pool(1, 0);
  CHECK_THROWS_WITH_AS(pool.run([] { throw std::runtime_error("job failed"); }), "job failed", std::runtime_error);
  int ran = 0;
  CHECK(pool.run([&] { ++ran; }));
  CHECK(ran == 1);
  CHECK(pool.jobs_admitted() == 2);
}

}  // namespace
}  // namespace gw
