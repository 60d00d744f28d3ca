// fake_rate_limit_store.h - a RateLimitStore for tests: counts in memory
// like the real one, records every counter name it is asked for, and on
// demand fails - by throwing (a client library that throws) or by returning
// an error (one that reports failures). Thread-safe.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/limits/memory_rate_limit_store.h"
#include "tests/support/fake_clock.h"

namespace gw {

class FakeRateLimitStore : public RateLimitStore {
 public:
  enum class Mode { kWorks, kThrows, kFails };

  explicit FakeRateLimitStore(Clock& clock) : inner_(clock) {}

  void set_mode(Mode m) { mode_ = m; }
  int64_t calls() const { return calls_.load(); }
  std::vector<std::string> names() const {
    std::lock_guard<std::mutex> lock(mu_);
    return names_;
  }

  Result<int64_t> add(std::string_view name, int64_t start, int64_t length, int64_t amount) override {
    if (auto err = called(name)) return *err;
    return inner_.add(name, start, length, amount);
  }
  Result<int64_t> gauge(std::string_view name, int64_t delta) override {
    if (auto err = called(name)) return *err;
    return inner_.gauge(name, delta);
  }

 private:
  std::optional<Error> called(std::string_view name) {
    ++calls_;
    {
      std::lock_guard<std::mutex> lock(mu_);
      names_.emplace_back(name);
    }
    if (mode_ == Mode::kThrows) throw std::runtime_error("fake store: connection refused");
    if (mode_ == Mode::kFails) return make_error(ErrorKind::kUnavailable, "fake store: down");
    return std::nullopt;
  }

  MemoryRateLimitStore inner_;
  std::atomic<Mode> mode_{Mode::kWorks};
  std::atomic<int64_t> calls_{0};
  mutable std::mutex mu_;
  std::vector<std::string> names_;  // guarded by mu_
};

}  // namespace gw
