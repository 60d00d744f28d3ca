// housekeeper.h - one background thread that runs many periodic jobs, so
// that gw serve's upkeep (health checks, catalog sync, the cluster sync and
// breaker sync through Redis, webhook deliveries, the webhook outbox, the
// audit log, account refreshes, the holds sweep) costs one thread, not one
// each. A job is a tick function: it does the work due
// now and returns how many milliseconds to wait before its next call
// (clamped to 10 ms .. 1 h); wake() runs it again as soon as the thread is
// free. Jobs run one at a time, earliest due first, so a slow tick delays
// the others: a job must bound its own waits (every network call in one has
// a timeout). The request path never runs here.
//
// shared() is the process's housekeeper: its thread starts with the first
// job and lives until the process ends. Tests may make their own.
//
// Thread-safety: add(), wake() and remove() may be called from any thread,
// including from a tick (but a tick must not remove its own job: remove()
// waits for a running tick to end). The destructor requires every job
// removed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace gw {

class Housekeeper {
 public:
  using Tick = std::function<int64_t()>;  // returns ms to wait before the next call
  using JobId = uint64_t;

  explicit Housekeeper(std::string thread_name = "gw-house") : thread_name_(std::move(thread_name)) {}
  ~Housekeeper();
  Housekeeper(const Housekeeper&) = delete;
  Housekeeper& operator=(const Housekeeper&) = delete;

  static Housekeeper& shared();

  // Adds a job; its first tick runs as soon as the thread is free.
  JobId add(Tick tick);
  // Runs the job's next tick now instead of at the end of its wait. A wake
  // during its own tick runs it once more right after.
  void wake(JobId id);
  // Removes the job, waiting for its tick if one is running. Unknown ids
  // (already removed) are ignored.
  void remove(JobId id);

 private:
  struct Job {
    Tick tick;
    std::chrono::steady_clock::time_point due;
    bool running = false;
    bool woken = false;  // woken while running
  };
  void run();

  const std::string thread_name_;
  std::mutex mu_;
  std::condition_variable work_;  // the thread waits here for a job to come due
  std::condition_variable done_;  // remove() waits here for a running tick
  std::map<JobId, Job> jobs_;     // guarded by mu_
  JobId next_id_ = 1;             // guarded by mu_
  bool stopping_ = false;         // guarded by mu_
  std::thread thread_;            // started by the first add()
};

}  // namespace gw
