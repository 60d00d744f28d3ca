// limit_decision.h - what the rate limiter says about one request, and how
// that reaches the client: the X-RateLimit-* headers (on every response of a
// limited route) and the 429 error with Retry-After. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/base/error.h"
#include "core/http/http_types.h"
#include "core/limits/limit_layers.h"

namespace gw {

struct LimitDecision {
  bool allowed = true;
  LimitLayer layer = LimitLayer::kNone;  // kNone: nothing was limited (no headers)
  std::string_view limit_name;           // "requests_per_minute", "tokens_per_day", "tokens_per_month",
                                         // "concurrent_requests", or a door's name
  int64_t limit = 0;                     // X-RateLimit-Limit
  int64_t remaining = 0;                 // X-RateLimit-Remaining
  int64_t reset_s = 0;                   // X-RateLimit-Reset: whole seconds until the window ends
  int64_t window_s = 0;                  // the window's length; 0 for the concurrency cap
  int64_t retry_after_s = 0;             // refused: seconds to wait (Retry-After), at least 1
  bool velocity = false;                 // the limit was tightened by velocity mode
  bool first_refusal = false;            // refused for the first time in this window (audit once)
  bool velocity_started = false;         // this request switched velocity mode on
  bool degraded = false;                 // a counter store failed; the request was let through uncounted
};

// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (seconds
// until reset); nothing for a kNone decision.
void add_rate_limit_headers(const LimitDecision& decision, Headers& headers);

// The 429 for a refused decision (kRateLimited, code "rate_limit_exceeded",
// retry_after_s set), saying which limit and when to retry.
Error rate_limit_error(const LimitDecision& decision);

}  // namespace gw
