// stalling_http_client.h - an HttpClient whose open() blocks until the test
// calls release(), standing in for a collector that does not answer. Every
// request that reached open() is counted. After release() it answers 200.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>

#include "tests/support/fake_http_client.h"

namespace gw {

class StallingHttpClient : public HttpClient {
 public:
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override {
    std::unique_lock<std::mutex> lock(mu_);
    ++entered_;
    entered_cv_.notify_all();
    released_cv_.wait(lock, [&] { return released_; });
    lock.unlock();
    answers_.respond(200, "{}");
    return answers_.open(request);
  }
  // Waits until `n` requests have reached open().
  void wait_entered(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    entered_cv_.wait(lock, [&] { return entered_ >= n; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    released_cv_.notify_all();
  }
  int entered() const {
    std::lock_guard<std::mutex> lock(mu_);
    return entered_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable entered_cv_, released_cv_;
  int entered_ = 0;
  bool released_ = false;
  FakeHttpClient answers_;
};

}  // namespace gw
