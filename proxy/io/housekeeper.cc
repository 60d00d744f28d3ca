// housekeeper.cc - contracts in housekeeper.h.
#include "proxy/io/housekeeper.h"

#include <algorithm>

#include "proxy/io/thread_tuning.h"

namespace gw {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

Housekeeper& Housekeeper::shared() {
  // Never destroyed: jobs of objects that outlive main() (none should, but a
  // static's destructor may still stop its worker) find it there.
  static Housekeeper* house = new Housekeeper();
  return *house;
}

Housekeeper::~Housekeeper() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Housekeeper::JobId Housekeeper::add(Tick tick) {
  JobId id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = next_id_++;
    jobs_[id] = Job{std::move(tick), steady_clock::now()};
    if (!thread_.joinable())
      thread_ = std::thread([this] {
        name_this_thread(thread_name_);
        run();
      });
  }
  work_.notify_all();
  return id;
}

void Housekeeper::wake(JobId id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    if (it->second.running) it->second.woken = true;
    it->second.due = steady_clock::now();
  }
  work_.notify_all();
}

void Housekeeper::remove(JobId id) {
  std::unique_lock<std::mutex> lock(mu_);
  // Looked up again after each wake: another remove() of the same id may
  // have erased it meanwhile.
  done_.wait(lock, [&] {
    auto it = jobs_.find(id);
    return it == jobs_.end() || !it->second.running;
  });
  jobs_.erase(id);
}

void Housekeeper::run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    auto next = std::min_element(jobs_.begin(), jobs_.end(),
                                 [](const auto& a, const auto& b) { return a.second.due < b.second.due; });
    if (next == jobs_.end()) {
      work_.wait(lock);
      continue;
    }
    if (next->second.due > steady_clock::now()) {
      const auto due = next->second.due;  // a copy: the job may be removed while this waits
      work_.wait_until(lock, due);
      continue;  // a job may have been added, woken or removed meanwhile
    }
    Job& job = next->second;  // map nodes stay put; remove() waits for `running`
    job.running = true;
    job.woken = false;
    lock.unlock();
    const int64_t wait_ms = std::clamp<int64_t>(job.tick(), 10, 3'600'000);
    lock.lock();
    job.running = false;
    job.due = job.woken ? steady_clock::now() : steady_clock::now() + milliseconds(wait_ms);
    done_.notify_all();
  }
}

}  // namespace gw
