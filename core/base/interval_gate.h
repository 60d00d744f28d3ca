// interval_gate.h - a time gate for cheap checks on a hot path ("has the
// database changed?"): it opens at most once per interval, and then for
// exactly one of the callers racing through it. Time is the Clock's steady
// time, so tests drive it with FakeClock.
//
// Thread-safe and lock-free: pass() is one atomic load until the interval
// has elapsed, then one compare-and-swap.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/base/clock.h"

namespace gw {

class IntervalGate {
 public:
  // The first pass() is due `interval_ms` after construction.
  IntervalGate(const Clock& clock, int64_t interval_ms);

  // True when the interval since the last opening (or construction) has
  // elapsed - for one caller only; the next opening is then due one
  // interval from now.
  bool pass();
  // Makes the next pass() true at once (the caller that passed could not do
  // its work and wants the next caller to try).
  void reopen();

 private:
  const Clock& clock_;
  const int64_t interval_ns_;
  std::atomic<int64_t> due_ns_;
};

}  // namespace gw
