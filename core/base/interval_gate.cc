// interval_gate.cc - contracts in interval_gate.h.
#include "core/base/interval_gate.h"

namespace gw {

IntervalGate::IntervalGate(const Clock& clock, int64_t interval_ms)
    : clock_(clock), interval_ns_(interval_ms * 1'000'000), due_ns_(clock.steady_ns() + interval_ns_) {}

bool IntervalGate::pass() {
  const int64_t now = clock_.steady_ns();
  int64_t due = due_ns_.load(std::memory_order_relaxed);
  if (now < due) return false;
  // Of the callers that saw the gate open, the one whose swap lands wins.
  return due_ns_.compare_exchange_strong(due, now + interval_ns_, std::memory_order_relaxed);
}

void IntervalGate::reopen() { due_ns_.store(clock_.steady_ns(), std::memory_order_relaxed); }

}  // namespace gw
