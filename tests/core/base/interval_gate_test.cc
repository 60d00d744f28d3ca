// IntervalGate: opens once per interval, for one caller, and reopens on
// request. FakeClock; no sleeps.
#include "core/base/interval_gate.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/support/fake_clock.h"

namespace gw {
namespace {

// Milliseconds, stepped one at a time, until the gate opens (-1: not within 10 s).
int64_t ms_until_open(IntervalGate& gate, FakeClock& clock) {
  for (int64_t ms = 0; ms <= 10'000; ++ms, clock.advance_ms(1))
    if (gate.pass()) return ms;
  return -1;
}

}  // namespace

TEST_CASE("an interval gate stays shut for one interval after it is made") {
  FakeClock clock;
  IntervalGate gate(clock, 1000);
  CHECK(ms_until_open(gate, clock) == 1000);
}

TEST_CASE("an interval gate opens for one caller, then shuts for another interval") {
  FakeClock clock;
  IntervalGate gate(clock, 1000);
  clock.advance_ms(5000);  // long idle: one opening, not five
  CHECK(gate.pass());
  CHECK(ms_until_open(gate, clock) == 1000);
}

TEST_CASE("a reopened interval gate lets the next caller through at once") {
  FakeClock clock;
  IntervalGate gate(clock, 1000);
  clock.advance_ms(1000);
  CHECK(gate.pass());
  gate.reopen();
  CHECK(gate.pass());
  CHECK_FALSE(gate.pass());
}

TEST_CASE("of many threads racing through an open interval gate, exactly one passes") {
  FakeClock clock;
  IntervalGate gate(clock, 1000);
  clock.advance_ms(1000);
  std::atomic<int> passed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (gate.pass()) passed.fetch_add(1);
    });
  for (auto& t : threads) t.join();
  CHECK(passed.load() == 1);
}

}  // namespace gw
