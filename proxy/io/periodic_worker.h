// periodic_worker.h - one function run again and again in the background:
// tick() does the work due now and returns how many milliseconds to wait
// before the next call. Every decision about what is due lives in tick() (a
// function of the Clock's time, unit-tested with FakeClock without any
// thread). The calls run on a Housekeeper (housekeeper.h): by default the
// process's shared one, so gw serve's periodic jobs share one thread.
//
// Thread-safety: start(), wake() and stop() may be called from any thread
// but the tick itself (stop() waits for a running tick). The destructor
// stops.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>

#include "proxy/io/housekeeper.h"

namespace gw {

class PeriodicWorker {
 public:
  using Tick = std::function<int64_t()>;  // returns ms to wait (clamped to 10 ms .. 1 h)

  explicit PeriodicWorker(Tick tick, Housekeeper& house = Housekeeper::shared())
      : tick_(std::move(tick)), house_(house) {}
  ~PeriodicWorker() { stop(); }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts ticking; the first tick runs at once. No-op when running.
  void start();
  // Runs the next tick now instead of at the end of the current wait.
  void wake();
  // Ends the wait, lets a running tick finish. No-op when stopped.
  void stop();

 private:
  Tick tick_;
  Housekeeper& house_;
  std::mutex mu_;
  Housekeeper::JobId job_ = 0;  // guarded by mu_; 0: not running
};

}  // namespace gw
