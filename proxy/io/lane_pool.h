// lane_pool.h - the bounded pool of threads that runs the routes which block
// (RunsOn::kLane in proxy/gateway.cc: they wait on the database), so that a
// burst of such requests costs at most `threads` OS threads and `queue`
// waiting jobs, never one thread per request. run(job) runs `job` on a pool
// thread and returns when it is done, the calling fiber yielding meanwhile
// (an ordinary thread just waits). A job that finds `threads + queue` jobs
// already admitted is refused at once (the route answers 503 with
// Retry-After). Threads start on demand, up to `threads`, and live until the
// pool is destroyed.
//
// Unlike BlockingLane (blocking_lane.h), consecutive jobs of one caller may
// run on different threads: it is for self-contained jobs only.
//
// Thread-safety: run() may be called from any number of fibers and threads.
// The destructor runs the jobs still queued, then joins the threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gw {

class LanePool {
 public:
  // `threads` >= 1 at most run at once; `queue` >= 0 more may wait.
  LanePool(int threads, int queue);
  ~LanePool();
  LanePool(const LanePool &) = delete;
  LanePool &operator=(const LanePool &) = delete;

  // Runs `job` on a pool thread and returns true when it is done (an
  // exception it throws is rethrown here), or returns false at once, without
  // running it, when the pool is full.
  bool run(const std::function<void()> &job);

  // Counters for tests and /metrics: threads ever started (<= threads), and
  // jobs admitted (run() calls that did not return false).
  int threads_started() const;
  int64_t jobs_admitted() const;

 private:
  struct Pending {
    const std::function<void()> *job;
    std::exception_ptr *error;
    std::function<void()> done;  // called after the job, outside the lock
  };
  void push(Pending p);
  void serve();

  const int max_threads_;
  const int max_admitted_;  // threads + queue
  mutable std::mutex mu_;
  std::condition_variable work_;
  std::deque<Pending> queue_;         // guarded by mu_
  int admitted_now_ = 0;              // guarded by mu_: queued or running
  int idle_ = 0;                      // guarded by mu_: threads waiting for work
  int64_t admitted_total_ = 0;        // guarded by mu_
  bool stopping_ = false;             // guarded by mu_
  std::vector<std::thread> threads_;  // guarded by mu_
};

}  // namespace gw
