// periodic_worker.h - a background thread that runs one function again and
// again: tick() does the work due now and returns how many milliseconds to
// wait before the next call. Every decision about what is due lives in
// tick() (a function of the Clock's time, unit-tested with FakeClock without
// this thread); the thread itself only waits, on a condition variable, so
// wake() and stop() cut a wait short.
//
// Thread-safe: start(), wake() and stop() may be called from any thread.
// The destructor stops and joins.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace gw {

class PeriodicWorker {
 public:
  using Tick = std::function<int64_t()>;  // returns ms to wait (clamped to 10 ms .. 1 h)

  explicit PeriodicWorker(Tick tick) : tick_(std::move(tick)) {}
  ~PeriodicWorker();
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts the thread; its first tick runs at once. No-op when running.
  void start();
  // Runs the next tick now instead of at the end of the current wait.
  void wake();
  // Ends the wait, lets a running tick finish, joins. No-op when stopped.
  void stop();

 private:
  void loop();

  Tick tick_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace gw
