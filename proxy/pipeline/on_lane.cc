#include "proxy/pipeline/on_lane.h"

#include "proxy/io/lane_pool.h"

namespace gw {

Status run_on_lane(const Services &s, const std::function<void()> &job) {
  if (!s.lanes) {
    job();
    return ok_status();
  }
  if (s.lanes->run(job)) return ok_status();
  Error e = make_error(ErrorKind::kUnavailable,
                       "the server is busy: every worker for this route is taken; retry shortly", "server_busy");
  e.retry_after_s = kLanesBusyRetryAfterS;
  return e;
}

}  // namespace gw
