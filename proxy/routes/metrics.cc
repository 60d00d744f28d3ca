// GET /metrics - the Prometheus text exposition of gw's metrics (the table
// in core/telemetry/metric_table.cc). Unauthenticated, like /health; no label holds a
// key, user or request id. Thread-safe.
#include "proxy/routes/routes.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {

Reply handle_metrics(const Services& s, const InboundRequest&) {
  Reply r;
  r.status = 200;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  if (s.telemetry) r.body = s.telemetry->scrape();
  return r;
}

}  // namespace gw
