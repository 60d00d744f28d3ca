// background_queue.h - a queue drained by one background thread, for work
// that must stay off the request path (usage rows, webhook events).
// push() appends and wakes the thread if it is waiting (while it drains, a
// push costs no system call: the next pass takes the item); the thread takes
// everything queued so far and hands it to `drain` outside the lock, so
// producers never wait for the disk. flush() waits until everything pushed before it has been
// drained. stop() (and the destructor) drains what is left, then joins.
// With Options::house set, the queue has no thread of its own: a job of
// that Housekeeper (housekeeper.h) drains it, for queues that see little
// traffic (webhook events, cassette writes); there is no lingering then.
//
// Thread-safety: push() and flush() may be called from any thread; `drain`
// runs on the queue's thread only. push() must not race with stop() or the
// destructor. An owner whose `drain` uses its own members must call stop()
// in its destructor (before those members go away).
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "proxy/io/periodic_worker.h"
#include "proxy/io/thread_tuning.h"

namespace gw {

template <class Item>
class BackgroundQueue {
 public:
  struct Options {
    std::chrono::milliseconds linger{0};   // group commit: wait this long for a fuller batch
    size_t batch_target = 1;               // ... until this many items are queued
    size_t max_pending = 0;                // back-pressure bound; 0: unbounded
    const char* thread_name = "gw-queue";  // as `top -H` shows it
    Housekeeper* house = nullptr;          // drain on this shared thread instead
  };

  // `drain` gets each batch in push order; it may leave the vector in any state.
  explicit BackgroundQueue(std::function<void(std::vector<Item>&)> drain)
      : BackgroundQueue(std::move(drain), Options{}) {}
  BackgroundQueue(std::function<void(std::vector<Item>&)> drain, Options options)
      : drain_(std::move(drain)),
        linger_(options.linger),
        batch_target_(options.batch_target),
        max_pending_(options.max_pending) {
    if (options.house) {
      job_ = std::make_unique<PeriodicWorker>([this] { return drain_pass(); }, *options.house);
      job_->start();
    } else {
      thread_ = std::thread([this, name = options.thread_name] {
        name_this_thread(name);
        run();
      });
    }
  }
  ~BackgroundQueue() { stop(); }
  BackgroundQueue(const BackgroundQueue&) = delete;
  BackgroundQueue& operator=(const BackgroundQueue&) = delete;

  void push(Item item) {
    bool wake;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (max_pending_ > 0) room_.wait(lock, [&] { return queue_.size() < max_pending_ || stopping_; });
      queue_.push_back(std::move(item));
      ++pushed_;
      wake = idle_ || (lingering_ && queue_.size() >= batch_target_);
      if (job_) wake = queue_.size() == 1;  // later items ride along with the pass it starts
    }
    if (wake && job_) job_->wake();
    else if (wake) work_.notify_one();
  }

  // Items pushed and not yet drained (queued, or in the batch the thread
  // is working on).
  int64_t unfinished() const {
    std::lock_guard<std::mutex> lock(mu_);
    return pushed_ - finished_;
  }

  // Blocks until every item pushed before this call has been drained.
  void flush() {
    std::unique_lock<std::mutex> lock(mu_);
    const int64_t target = pushed_;
    if (finished_ >= target) return;
    ++flushing_;
    if (job_) job_->wake();
    work_.notify_one();  // a lingering thread drains now
    drained_.wait(lock, [&] { return finished_ >= target; });
    --flushing_;
  }

  // Drains what is queued, then stops the thread. Idempotent.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_.notify_one();
    if (thread_.joinable()) thread_.join();
    if (job_) {
      job_->stop();
      drain_pass();  // what came after the last pass
    }
  }

 private:
  // The shared-thread mode's job: drains until the queue is empty.
  int64_t drain_pass() {
    std::vector<Item> batch;
    std::unique_lock<std::mutex> lock(mu_);
    while (!queue_.empty()) drain_batch(batch, lock);
    return 3'600'000;  // idle until push() wakes it
  }

  // Takes everything queued and drains it outside the lock (held on entry
  // and on return).
  void drain_batch(std::vector<Item>& batch, std::unique_lock<std::mutex>& lock) {
    batch.clear();
    batch.swap(queue_);
    if (max_pending_ > 0) room_.notify_all();
    const auto count = static_cast<int64_t>(batch.size());
    lock.unlock();
    drain_(batch);
    // A backlog (a slow disk, a checkpoint) grows both buffers toward
    // max_pending items; once it is written, the memory goes back.
    if (batch.capacity() > std::max<size_t>(2 * batch_target_, 64)) std::vector<Item>().swap(batch);
    lock.lock();
    finished_ += count;
    drained_.notify_all();
  }

  void run() {
    std::vector<Item> batch;
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      idle_ = true;
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      idle_ = false;
      if (queue_.empty()) return;  // stopping, and nothing left to drain
      if (linger_.count() > 0 && queue_.size() < batch_target_) {
        lingering_ = true;
        work_.wait_for(lock, linger_, [&] { return stopping_ || flushing_ > 0 || queue_.size() >= batch_target_; });
        lingering_ = false;
      }
      drain_batch(batch, lock);
    }
  }

  const std::function<void(std::vector<Item>&)> drain_;
  const std::chrono::milliseconds linger_;
  const size_t batch_target_;
  const size_t max_pending_;  // 0: unbounded
  mutable std::mutex mu_;
  std::condition_variable work_;         // the thread waits here
  std::condition_variable drained_;      // flush() waits here
  std::condition_variable room_;         // push() waits here while max_pending items are queued
  std::vector<Item> queue_;              // guarded by mu_
  int64_t pushed_ = 0;                   // guarded by mu_
  int64_t finished_ = 0;                 // guarded by mu_
  bool stopping_ = false;                // guarded by mu_
  bool idle_ = false;                    // guarded by mu_; the thread waits for work
  bool lingering_ = false;               // guarded by mu_; the thread waits for a fuller batch
  int flushing_ = 0;                     // guarded by mu_; flush() calls waiting
  std::unique_ptr<PeriodicWorker> job_;  // with Options::house
  std::thread thread_;                   // last: starts after every other member is ready
};

}  // namespace gw
