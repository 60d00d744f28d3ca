// breaker_sync.h - circuit breakers shared by every `gw serve` instance on
// one Redis: a breaker opened through one instance is open on the others
// within a tick (250 ms), and closed the same way.
//
// Each instance announces its own transitions (BreakerBoard's listener: a
// queue in memory, so the request path never waits on Redis) and, on a
// background thread, every tick:
//   - writes them to the hash "gw:breakers": provider -> "<state> <opened_at
//     ms> <changed ms> <instance id>";
//   - reads the hash and adopts every entry another instance changed later
//     than this one last saw for that provider.
// Redis unreachable: each instance keeps its own breakers (as without
// Redis) and catches up when Redis is back.
//
// Thread-safety: note() may be called from any thread; tick() from one
// thread at a time (the worker's).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/health/circuit_breaker.h"
#include "proxy/io/periodic_worker.h"
#include "proxy/io/redis_client.h"

namespace gw {

class BreakerSync {
 public:
  static constexpr int64_t kTickMs = 250;

  // Becomes `board`'s listener: create before the board's first use.
  BreakerSync(BreakerBoard& board, RedisClient& redis, Clock& clock);
  ~BreakerSync();

  void start() { worker_.start(); }
  void stop() { worker_.stop(); }
  // One round: publish what changed here, adopt what changed elsewhere.
  // Returns the ms until the next.
  int64_t tick();

 private:
  struct Change {
    std::string provider;
    BreakerState state;
    int64_t opened_at_ms;
    int64_t changed_ms;
  };
  void note(std::string_view provider, BreakerState state, int64_t opened_at_ms);

  BreakerBoard& board_;
  RedisClient& redis_;
  Clock& clock_;
  const std::string instance_;  // random id of this process
  std::mutex mu_;
  std::vector<Change> pending_;          // guarded by mu_: not yet written
  std::map<std::string, int64_t> seen_;  // worker only: provider -> last change known here
  PeriodicWorker worker_;                // last: its thread uses the members above
};

}  // namespace gw
