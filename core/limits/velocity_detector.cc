// velocity_detector.cc - contracts in velocity_detector.h.
#include "core/limits/velocity_detector.h"

#include <algorithm>

namespace gw {

VelocityDetector::VelocityDetector(const LimitSettings& settings)
    : settings_(settings), buckets_(static_cast<size_t>(std::max(1, settings.velocity_window_s))) {}

bool VelocityDetector::record(int64_t now_ms, bool refused) {
  const int64_t second = now_ms / 1000;
  const auto window = static_cast<int64_t>(buckets_.size());
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& b = buckets_[static_cast<size_t>(second % window)];
  if (b.second != second) b = Bucket{second, 0, 0};
  ++b.requests;
  b.refused += refused ? 1 : 0;
  if (now_ms < active_until_ms_) return false;  // already on
  int64_t requests = 0, refusals = 0;
  for (const Bucket& each : buckets_) {
    if (each.second > second - window) {  // the last `window` seconds, this one included
      requests += each.requests;
      refusals += each.refused;
    }
  }
  if (requests < settings_.velocity_min_requests || refusals * 100 < requests * settings_.velocity_error_percent)
    return false;
  active_until_ms_ = now_ms + int64_t{settings_.velocity_duration_s} * 1000;
  return true;
}

bool VelocityDetector::active(int64_t now_ms) const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_ms < active_until_ms_;
}

int64_t VelocityDetector::tightened(int64_t limit) const {
  return std::max<int64_t>(1, limit * settings_.velocity_limit_percent / 100);
}

}  // namespace gw
