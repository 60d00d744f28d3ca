// limit_layers.h - the doors of `gw serve`, one table: the rate-limit layers
// a request meets, in order, and the built-in numbers that are not plan
// limits (the anonymous row, the IP layer, the login and register doors).
// The key layer's numbers come from the plan table (core/accounts/plans.h).
//
//   layer      applies to                          counted per
//   ip         requests without a valid key        client address (its hash)
//   key        requests with a user's key          key id, numbers from the plan
//   anonymous  requests with no key (:free only)   client address (its hash)
//
// The local owner (loopback without a key, unless [auth] require_key) meets
// none of them. Pure data; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/accounts/plans.h"

namespace gw {

enum class LimitLayer {
  kNone,       // no limit applied (the local owner, limits disabled)
  kIp,         // unauthenticated traffic per client address; velocity mode tightens it
  kKey,        // a user's key: requests/min, tokens/day, tokens/month, concurrency (plan)
  kAnonymous,  // no key: stricter than every plan
  kDoor,       // a per-address door outside the pipeline (login, register)
};

// "none", "ip", "key", "anonymous", "door".
std::string_view limit_layer_name(LimitLayer layer);

// Default IP layer: requests a minute from one address without a valid key.
inline constexpr int64_t kDefaultIpRequestsPerMinute = 300;

// The anonymous row: every number below the same number of every plan (a
// unit test holds it to that; config may lower them, never raise them past
// a plan's).
inline constexpr PlanLimits kAnonymousLimits = {
    .requests_per_minute = 20, .tokens_per_day = 100'000, .tokens_per_month = 500'000, .concurrent_requests = 2};

// A per-address door outside the pipeline: at most `limit` attempts in a
// fixed window of `window_ms`.
struct DoorLimit {
  std::string_view name;  // counter name and audit detail: "login"
  int64_t limit;
  int64_t window_ms;
};
inline constexpr DoorLimit kLoginDoor = {"login", 10, 15 * 60 * 1000};       // 10 per 15 minutes
inline constexpr DoorLimit kRegisterDoor = {"register", 3, 60 * 60 * 1000};  // 3 per hour

}  // namespace gw
