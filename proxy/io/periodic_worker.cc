// periodic_worker.cc - contracts in periodic_worker.h.
#include "proxy/io/periodic_worker.h"

namespace gw {

void PeriodicWorker::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (job_ == 0) job_ = house_.add([this] { return tick_(); });
}

void PeriodicWorker::wake() {
  std::lock_guard<std::mutex> lock(mu_);
  if (job_ != 0) house_.wake(job_);
}

void PeriodicWorker::stop() {
  Housekeeper::JobId job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    job = job_;
    job_ = 0;
  }
  if (job != 0) house_.remove(job);
}

}  // namespace gw
