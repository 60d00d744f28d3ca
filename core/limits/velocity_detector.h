// velocity_detector.h - velocity mode: the IP layer's alarm for an anomalous
// burst of unauthenticated traffic (key guessing, a scraper, a flood). It
// watches a sliding window (default 60 s, in one-second buckets) of the
// requests the IP layer sees and how many of them were refused (a bad,
// revoked or misused key, or a limit). When the window holds at least
// `velocity_min_requests` (100) requests of which at least
// `velocity_error_percent` (25%) were refused, velocity mode turns on for
// `velocity_duration_s` (180 s): the limiter then cuts the IP and anonymous
// request limits to `velocity_limit_percent` (50%) of normal. When the time is
// up it turns off; if the burst goes on, the next request turns it on again.
//
// It is one detector for the whole server (not per address): an attack from
// many addresses is the case per-address limits miss. Keys are never
// affected. Time is an input.
//
// Thread-safety: all members may be called from any thread (one mutex, held
// for a 60-bucket scan).
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "core/limits/limit_settings.h"

namespace gw {

class VelocityDetector {
 public:
  explicit VelocityDetector(const LimitSettings& settings);

  // Counts one request at `now_ms`, refused or not. True when this request
  // turned velocity mode on.
  bool record(int64_t now_ms, bool refused);
  bool active(int64_t now_ms) const;
  // The request limit while velocity mode is on: `limit` scaled down (at least 1).
  int64_t tightened(int64_t limit) const;

 private:
  struct Bucket {
    int64_t second = -1;  // which second of the Unix epoch it counts
    int64_t requests = 0;
    int64_t refused = 0;
  };

  const LimitSettings settings_;
  mutable std::mutex mu_;
  std::vector<Bucket> buckets_;  // guarded by mu_; index = second % window
  int64_t active_until_ms_ = 0;  // guarded by mu_
};

}  // namespace gw
