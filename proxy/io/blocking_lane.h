// blocking_lane.h - a thread lent to one owner for as long as a BlockingLane
// lives, for work that blocks and must not stall a FiberLoop: run(job) runs
// `job` on the lane's thread and returns when it is done, the calling fiber
// yielding meanwhile (an ordinary thread just waits). All jobs of one lane run
// on the same thread, so thread-bound state (libcurl's per-thread multi
// handle) stays valid from a transfer's start to its end. Threads are pooled:
// an idle one is reused, and exits after a minute without work.
//
// Thread-safety: a lane is used by one fiber or thread at a time.
#pragma once

#include <functional>

namespace gw {

class BlockingLane {
 public:
  BlockingLane();   // takes an idle pooled thread or starts one
  ~BlockingLane();  // gives the thread back to the pool
  BlockingLane(const BlockingLane&) = delete;
  BlockingLane& operator=(const BlockingLane&) = delete;

  // Runs `job` on the lane's thread; an exception it throws is rethrown here.
  void run(const std::function<void()>& job);

  struct Worker;  // a pooled thread (blocking_lane.cc)

 private:
  Worker* worker_;
};

}  // namespace gw
