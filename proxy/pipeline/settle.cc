// Step 7: settle. Computes the exact cost from the usage and queues the
// usage record; the writer thread persists it off the hot path.
#include "core/clock.h"
#include "core/usage_cost.h"
#include "proxy/io/usage_writer.h"
#include "proxy/pipeline/steps.h"

namespace gw {

void settle(const Services& s, RequestContext& ctx) {
  if (!s.usage || !ctx.resolved.model) return;
  const CatalogModel& m = *ctx.resolved.model;
  UsageRecord rec;
  rec.request_id = ctx.request_id;
  rec.created_ms = s.clock->now_unix_ms();
  rec.route = ctx.route;
  rec.model = m.id;
  rec.provider = ctx.served_by ? ctx.served_by->provider->slug : "";
  rec.status = ctx.status;
  rec.usage = ctx.usage;
  if (ctx.status >= 200 && ctx.status < 300) {
    if (auto cost = usage_cost(m, ctx.usage)) rec.cost = *cost;
  }
  int64_t elapsed_ns = s.clock->steady_ns() - ctx.start_ns;
  rec.latency_ms = elapsed_ns / 1'000'000;
  rec.overhead_us = std::max<int64_t>(0, (elapsed_ns - ctx.upstream_ns) / 1000);
  rec.attempts = ctx.attempts;
  rec.stream = ctx.chat.stream;
  s.usage->submit(std::move(rec));
}

}  // namespace gw
