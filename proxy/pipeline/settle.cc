// Step 7: settle. Computes the exact cost from the usage and queues the
// usage record; the writer thread persists it off the hot path. Then
// telemetry hears that the request is over (credits, tokens, access log, trace).
#include "core/clock.h"
#include "proxy/io/usage_writer.h"
#include "proxy/pipeline/steps.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

void tell_telemetry(const Services& s, RequestContext& ctx, Money cost) {
  if (!s.telemetry) return;
  if (ctx.status >= 200 && ctx.status < 300) s.telemetry->credits_used(ctx, cost);
  s.telemetry->request_finished(ctx, cost);
}

}  // namespace

void settle(const Services& s, RequestContext& ctx) {
  if (!ctx.resolved.model) return tell_telemetry(s, ctx, Money{});
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
    int64_t uncached = ctx.usage.prompt_tokens - ctx.usage.cached_tokens;
    auto cost = m.prompt_price.cost(uncached < 0 ? 0 : uncached);
    auto cached = m.cached_prompt_price.cost(ctx.usage.cached_tokens);
    auto completion = m.completion_price.cost(ctx.usage.completion_tokens);
    if (cost && cached && completion) {
      auto total = cost->plus(*cached);
      if (total) total = total->plus(*completion);
      if (total) rec.cost = *total;
    }
  }
  int64_t elapsed_ns = s.clock->steady_ns() - ctx.start_ns;
  rec.latency_ms = elapsed_ns / 1'000'000;
  rec.overhead_us = std::max<int64_t>(0, (elapsed_ns - ctx.upstream_ns) / 1000);
  rec.attempts = ctx.attempts;
  rec.stream = ctx.chat.stream;
  tell_telemetry(s, ctx, rec.cost);
  if (s.usage) s.usage->submit(std::move(rec));
}

}  // namespace gw
