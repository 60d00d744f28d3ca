// blocking_lane.cc - BlockingLane's pooled worker threads. A worker waits for
// one job at a time; after the job it clears it and only then signals the
// owner, so the owner may post the next job or give the lane back at once.
#include "proxy/io/blocking_lane.h"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "proxy/io/fiber_loop.h"
#include "proxy/io/thread_tuning.h"

namespace gw {

namespace {
constexpr auto kIdleExit = std::chrono::seconds(60);
}  // namespace

struct BlockingLane::Worker {
  std::mutex mu;
  std::condition_variable cv;
  const std::function<void()>* job = nullptr;  // guarded by mu
  std::function<void()> done;                  // guarded by mu; called after the job
  std::exception_ptr error;                    // the job's exception, read by the owner after done

  void submit(const std::function<void()>* j, std::function<void()> on_done) {
    std::lock_guard<std::mutex> lock(mu);
    job = j;
    done = std::move(on_done);
    cv.notify_one();
  }
  void serve();
};

namespace {

std::mutex pool_mu;
std::vector<BlockingLane::Worker*>& idle_workers() {           // guarded by pool_mu
  static auto* idle = new std::vector<BlockingLane::Worker*>;  // outlives exit-time destructors
  return *idle;
}

// Removes `w` from the idle list if it is there (under pool_mu).
bool leave_pool(BlockingLane::Worker* w) {
  std::lock_guard<std::mutex> lock(pool_mu);
  auto& idle = idle_workers();
  for (auto it = idle.begin(); it != idle.end(); ++it)
    if (*it == w) {
      idle.erase(it);
      return true;
    }
  return false;
}

}  // namespace

void BlockingLane::Worker::serve() {
  name_this_thread("gw-blocking");
  std::unique_lock<std::mutex> lock(mu);
  for (;;) {
    if (!cv.wait_for(lock, kIdleExit, [&] { return job != nullptr; })) {
      if (leave_pool(this)) break;  // idle for a minute and nobody took it meanwhile
      continue;                     // just taken: its job is on the way
    }
    const std::function<void()>* j = job;
    lock.unlock();
    error = nullptr;
    try {
      (*j)();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    job = nullptr;
    std::function<void()> on_done = std::move(done);
    lock.unlock();
    on_done();
    lock.lock();
  }
  lock.unlock();
  delete this;
}

BlockingLane::BlockingLane() : worker_(nullptr) {
  {
    std::lock_guard<std::mutex> lock(pool_mu);
    auto& idle = idle_workers();
    if (!idle.empty()) {
      worker_ = idle.back();
      idle.pop_back();
    }
  }
  if (!worker_) {
    worker_ = new Worker;
    std::thread([w = worker_] { w->serve(); }).detach();
  }
}

BlockingLane::~BlockingLane() {
  std::lock_guard<std::mutex> lock(pool_mu);
  idle_workers().push_back(worker_);
}

void BlockingLane::run(const std::function<void()>& job) {
  if (FiberLoop* loop = FiberLoop::current()) {
    loop->park([&](FiberLoop::Waker waker) { worker_->submit(&job, [waker] { waker.wake(); }); });
  } else {
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    worker_->submit(&job, [&] {
      std::lock_guard<std::mutex> lock(m);
      finished = true;
      cv.notify_one();
    });
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return finished; });
  }
  if (worker_->error) std::rethrow_exception(worker_->error);
}

}  // namespace gw
