// batch_queue.h - a bounded queue drained by its own thread in batches: the
// one mechanism behind span export, the access log and error reports, so
// none of them ever makes a request wait on a disk or a network.
//
// push() never blocks on the consumer: when `capacity` items are waiting it
// drops the item and counts it (dropped()). The thread hands the sink up to
// `max_batch` items at a time, as soon as a full batch is waiting or
// `flush_interval` after the last batch, whichever is first (interval 0:
// as soon as anything is waiting). The sink may be slow; only the queue's
// own thread waits for it.
//
// Destruction hands the sink at most one more batch (so a dead collector
// cannot hold up shutdown) and counts the rest as dropped; call flush()
// first to deliver everything. The interval is real time (a condition
// variable's timed wait): it paces a background thread and is not domain
// time, so it does not go through Clock; tests call flush() instead of waiting.
//
// Thread-safety: push(), flush(), dropped() from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "proxy/io/thread_tuning.h"

namespace gw {

template <class T>
class BatchQueue {
 public:
  using Sink = std::function<void(std::vector<T>& batch)>;

  BatchQueue(size_t capacity, size_t max_batch, std::chrono::milliseconds flush_interval, Sink sink)
      : capacity_(std::max<size_t>(capacity, 1)),
        max_batch_(std::max<size_t>(max_batch, 1)),
        interval_(flush_interval),
        sink_(std::move(sink)),
        thread_([this] {
          name_this_thread("gw-telemetry");
          run();
        }) {}

  ~BatchQueue() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_.notify_one();
    thread_.join();
  }
  BatchQueue(const BatchQueue&) = delete;
  BatchQueue& operator=(const BatchQueue&) = delete;

  // Queues `item`; false (and counted) when the queue is full.
  bool push(T item) {
    bool wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.size() >= capacity_ || stopping_) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
      }
      queue_.push_back(std::move(item));
      ++pushed_;
      // Wake the thread only when there is a batch's worth (or no interval):
      // most pushes cost no system call.
      wake = queue_.size() == max_batch_ || (interval_.count() == 0 && queue_.size() == 1);
    }
    if (wake) work_.notify_one();
    return true;
  }

  // Queues as many of `items` as fit, under one lock (moved from; cleared);
  // returns how many were dropped.
  int64_t push_all(std::vector<T>& items) {
    int64_t dropped = 0;
    bool wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      size_t before = queue_.size();
      for (T& item : items) {
        if (queue_.size() >= capacity_ || stopping_) {
          ++dropped;
          continue;
        }
        queue_.push_back(std::move(item));
        ++pushed_;
      }
      wake = (before < max_batch_ && queue_.size() >= max_batch_) || (interval_.count() == 0 && before == 0);
    }
    items.clear();
    if (dropped) dropped_.fetch_add(dropped, std::memory_order_relaxed);
    if (wake) work_.notify_one();
    return dropped;
  }

  // Blocks until every item pushed before the call has been through the sink.
  void flush() {
    std::unique_lock<std::mutex> lock(mu_);
    const int64_t target = pushed_;
    flush_wanted_ = true;
    work_.notify_one();
    drained_.wait(lock, [&] { return finished_ >= target; });
  }

  int64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  void run() {
    std::vector<T> batch;
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      auto ready = [&] { return stopping_ || flush_wanted_ || queue_.size() >= max_batch_; };
      if (interval_.count() == 0) work_.wait(lock, [&] { return ready() || !queue_.empty(); });
      else work_.wait_for(lock, interval_, ready);
      flush_wanted_ = false;
      while (!queue_.empty() && !stopping_) deliver(batch, lock);
      if (stopping_) break;
    }
    if (!queue_.empty()) deliver(batch, lock);  // one last batch
    dropped_.fetch_add(static_cast<int64_t>(queue_.size()), std::memory_order_relaxed);
    finished_ += static_cast<int64_t>(queue_.size());
    queue_.clear();
    drained_.notify_all();
  }

  // Moves up to max_batch_ items out, runs the sink unlocked, reports progress.
  void deliver(std::vector<T>& batch, std::unique_lock<std::mutex>& lock) {
    size_t n = std::min(queue_.size(), max_batch_);
    batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + n));
    queue_.erase(queue_.begin(), queue_.begin() + n);
    lock.unlock();
    sink_(batch);
    batch.clear();
    lock.lock();
    finished_ += static_cast<int64_t>(n);
    drained_.notify_all();
  }

  const size_t capacity_;
  const size_t max_batch_;
  const std::chrono::milliseconds interval_;
  Sink sink_;

  std::mutex mu_;
  std::condition_variable work_;     // the thread waits here
  std::condition_variable drained_;  // flush() waits here
  std::deque<T> queue_;              // guarded by mu_
  int64_t pushed_ = 0;               // guarded by mu_: items accepted
  int64_t finished_ = 0;             // guarded by mu_: items through the sink (or dropped at stop)
  bool flush_wanted_ = false;        // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  std::atomic<int64_t> dropped_{0};
  std::thread thread_;  // last: starts after every other member is ready
};

}  // namespace gw
