// fake_clock.h - a Clock for tests: time moves only when the test says so.
// now_unix_ms() starts at a settable value and steady_ns() at 0; both advance
// together by advance_ms() or sleep_ms() (which advances instead of blocking),
// so code that "waits" runs instantly and deterministically.
// Thread-safe: every member uses atomics.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/base/clock.h"

namespace gw {

class FakeClock : public Clock {
 public:
  static constexpr int64_t kDefaultStartUnixMs = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

  explicit FakeClock(int64_t start_unix_ms = kDefaultStartUnixMs) : unix_ms_(start_unix_ms) {}

  int64_t now_unix_ms() const override { return unix_ms_.load(); }
  int64_t steady_ns() const override { return steady_ns_.load(); }
  // Advances time by `ms` and returns at once.
  void sleep_ms(int64_t ms) override { advance_ms(ms); }

  // Moves both clocks forward by `ms` (negative values are ignored: the
  // steady clock never goes back).
  void advance_ms(int64_t ms) {
    if (ms <= 0) return;
    unix_ms_.fetch_add(ms);
    steady_ns_.fetch_add(ms * 1'000'000);
  }
  // Sets the wall clock only (e.g. to cross a day boundary); steady time is untouched.
  void set_unix_ms(int64_t unix_ms) { unix_ms_.store(unix_ms); }

 private:
  std::atomic<int64_t> unix_ms_;
  std::atomic<int64_t> steady_ns_{0};
};

}  // namespace gw
