// lane_pool.cc - LanePool: admission under one mutex, a FIFO of jobs, and
// threads started only when no idle one can take the job.
#include "proxy/io/lane_pool.h"

#include <algorithm>

#include "proxy/io/fiber_loop.h"
#include "proxy/io/thread_tuning.h"

namespace gw {

LanePool::LanePool(int threads, int queue)
    : max_threads_(std::max(1, threads)), max_admitted_(std::max(1, threads) + std::max(0, queue)) {}

LanePool::~LanePool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  for (std::thread &t : threads_) t.join();
}

bool LanePool::run(const std::function<void()> &job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (admitted_now_ >= max_admitted_) return false;
    ++admitted_now_;
    ++admitted_total_;
  }
  std::exception_ptr error;
  if (FiberLoop *loop = FiberLoop::current()) {
    loop->park([&](FiberLoop::Waker waker) { push({&job, &error, [waker] { waker.wake(); }}); });
  } else {
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    push({&job, &error, [&] {
            std::lock_guard<std::mutex> lock(m);
            finished = true;
            cv.notify_one();
          }});
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return finished; });
  }
  if (error) std::rethrow_exception(error);
  return true;
}

void LanePool::push(Pending p) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(p));
  if (static_cast<int>(queue_.size()) > idle_ && static_cast<int>(threads_.size()) < max_threads_)
    threads_.emplace_back([this] { serve(); });
  else work_.notify_one();
}

void LanePool::serve() {
  name_this_thread("gw-lane");
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    ++idle_;
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (queue_.empty()) return;  // stopping, and nothing left to run
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    try {
      (*p.job)();
    } catch (...) {
      *p.error = std::current_exception();
    }
    lock.lock();
    --admitted_now_;  // before done(): the caller may run its next job at once
    lock.unlock();
    p.done();
    lock.lock();
  }
}

int LanePool::threads_started() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(threads_.size());
}

int64_t LanePool::jobs_admitted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return admitted_total_;
}

}  // namespace gw
