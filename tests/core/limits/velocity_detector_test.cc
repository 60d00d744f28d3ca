// Velocity mode: the boundaries of its trigger (25% refused of at least 100
// requests in 60 s), its sliding window and its duration. Time is an input.
#include "core/limits/velocity_detector.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

constexpr int64_t kT0 = 1'700'000'040'000;

// `total` requests at `now_ms`, the first `refused` of them refused; true if
// any of them turned velocity mode on.
bool burst(VelocityDetector& v, int64_t now_ms, int total, int refused) {
  bool started = false;
  for (int i = 0; i < total; ++i) started = v.record(now_ms, i < refused) || started;
  return started;
}

}  // namespace

TEST_CASE("velocity: exactly 25% refused of exactly 100 requests turns it on") {
  VelocityDetector v{LimitSettings{}};
  CHECK(burst(v, kT0, 100, 25));
  CHECK(v.active(kT0));
}

TEST_CASE("velocity: 24 refused of 100 requests is not a burst") {
  VelocityDetector v{LimitSettings{}};
  CHECK_FALSE(burst(v, kT0, 100, 24));
  CHECK_FALSE(v.active(kT0));
}

TEST_CASE("velocity: 99 requests are too few even when all are refused") {
  VelocityDetector v{LimitSettings{}};
  CHECK_FALSE(burst(v, kT0, 99, 99));
  CHECK_FALSE(v.active(kT0));
  CHECK(v.record(kT0, false));  // the 100th: 99 of 100 refused
}

TEST_CASE("velocity: the window slides - refusals older than 60 s no longer count") {
  VelocityDetector v{LimitSettings{}};
  burst(v, kT0, 25, 25);  // 25 refusals at t = 0
  SUBCASE("at 59.999 s they still count") { CHECK(burst(v, kT0 + 59'999, 75, 0)); }
  SUBCASE("at 60.000 s they are gone") { CHECK_FALSE(burst(v, kT0 + 60'000, 75, 0)); }
}

TEST_CASE("velocity: it stays on for 180 s, then turns off; a burst that goes on turns it on again") {
  VelocityDetector v{LimitSettings{}};
  burst(v, kT0, 100, 100);
  CHECK(v.active(kT0 + 179'999));
  CHECK_FALSE(v.active(kT0 + 180'000));
  CHECK(burst(v, kT0 + 180'000, 100, 100));
  CHECK(v.active(kT0 + 180'001));
}

TEST_CASE("velocity: limits are tightened to 50% (at least 1); the numbers are configurable") {
  VelocityDetector v{LimitSettings{}};
  CHECK(v.tightened(300) == 150);
  CHECK(v.tightened(1) == 1);
  LimitSettings strict;
  strict.velocity_min_requests = 10;
  strict.velocity_error_percent = 50;
  strict.velocity_limit_percent = 10;
  strict.velocity_duration_s = 5;
  VelocityDetector w{strict};
  CHECK_FALSE(burst(w, kT0, 10, 4));
  CHECK(burst(w, kT0, 2, 2));  // 5 of 11 refused: 45%, then 6 of 12: 50%
  CHECK(w.tightened(300) == 30);
  CHECK_FALSE(w.active(kT0 + 5'000));
}

}  // namespace gw
