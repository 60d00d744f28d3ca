// limit_settings.h - the [limits] settings: rate-limit layers and velocity
// mode (core/limits/rate_limiter.h, core/limits/velocity_detector.h). Plain value type;
// part of gw's Config (core/config/config.h), which parses it.
#pragma once

#include <cstdint>
#include <optional>

#include "core/limits/limit_layers.h"

namespace gw {

// Rate limits (core/limits/limit_layers.h has the layers). Request counts use fixed
// windows aligned to the clock (the minute, the UTC day, the UTC month).
struct LimitSettings {
  std::optional<bool> enabled;  // default true; false: no layer applies, no X-RateLimit headers
  int64_t ip_requests_per_minute = kDefaultIpRequestsPerMinute;  // IP layer: 300 requests a minute per
                                                                 // address without a valid key
  PlanLimits anonymous = kAnonymousLimits;                       // no key, per address hash: 20 requests/min,
                                                                 // 100000 tokens/day, 500000 tokens/month, 2 at once;
                                                                 // each must stay below every plan's
  int64_t default_completion_tokens = 1024;                      // token limits: completion estimate when a request has
                                             // no max_tokens (corrected to the real usage when it ends)
  int velocity_window_s = 60;       // velocity mode: sliding window over unauthenticated requests
  int velocity_min_requests = 100;  // fewer requests than this in the window never trigger it
  int velocity_error_percent = 25;  // triggers when at least this share of them was refused
  int velocity_limit_percent = 50;  // while on: IP and anonymous request limits at this % of normal
  int velocity_duration_s = 180;    // seconds it stays on
};

}  // namespace gw
