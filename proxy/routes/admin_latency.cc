// GET /admin/latency - the routers' measured latencies (core/health/latency_book.h):
// per provider × model that has answered in full, p50 time to first token
// (streams) and p50 total, over the last 64 complete answers of the last
// hour, with their sample counts. `gw route explain --url` ranks with them.
// Admin only (check_admin). Thread-safe: reads the LatencyBook.
#include <nlohmann/json.hpp>

#include "core/health/latency_book.h"
#include "proxy/routes/routes.h"

namespace gw {

Reply handle_admin_latency(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  nlohmann::json list = nlohmann::json::array();
  if (s.latencies)
    for (const auto& r : s.latencies->rows())
      list.push_back({{"provider", r.provider},
                      {"model", r.model},
                      {"ttft_p50_ms", r.latency.ttft_p50_ms},
                      {"ttft_samples", r.latency.ttft_samples},
                      {"total_p50_ms", r.latency.total_p50_ms},
                      {"total_samples", r.latency.total_samples}});
  nlohmann::json body = {{"object", "list"},
                         {"data", list},
                         {"window", LatencyBook::kWindow},
                         {"max_age_s", LatencyBook::kMaxAgeMs / 1000},
                         {"latency_samples", s.config->router.latency_samples}};
  return json_reply(200, body.dump());
}

}  // namespace gw
