// on_lane.h - how a route runs its blocking part (database work) off the
// fiber: on the gateway's bounded LanePool (proxy/io/lane_pool.h), so a burst
// of such requests never costs more than [server] lane_threads threads. A
// caller checks its rate limits on the fiber first, so a refused caller never
// takes a lane. Thread-safe.
#pragma once

#include <functional>

#include "proxy/pipeline/services.h"

namespace gw {

// Seconds a caller is asked to wait (Retry-After) when every lane is taken.
constexpr int kLanesBusyRetryAfterS = 1;

// Runs `job` on s.lanes (inline when there is none) and returns when it is
// done; an exception it throws is rethrown. When [server] lane_threads jobs
// run and [server] lane_queue more wait, `job` does not run: a kUnavailable
// error ("server_busy", 503, Retry-After: 1).
Status run_on_lane(const Services &s, const std::function<void()> &job);

}  // namespace gw
