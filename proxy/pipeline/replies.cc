// Error replies and gw's response headers, shared by every route. Both carry
// the X-RateLimit-* headers once the limiter has judged the request.
#include <cstdio>

#include "core/base/clock.h"
#include "proxy/pipeline/steps.h"

namespace gw {

Reply error_reply(const RequestContext& ctx, const Error& error) {
  Reply r;
  r.status = error.http_status();
  r.body = ctx.client->render_error(error);
  add_request_ids(ctx, r.headers);
  if (error.retry_after_s > 0) r.headers.add("Retry-After", std::to_string(error.retry_after_s));
  if (ctx.served_by) r.headers.add("x-gw-provider", ctx.served_by->provider->slug);
  if (!ctx.route_header.empty()) r.headers.add("x-gw-route", ctx.route_header);
  add_rate_limit_headers(ctx.rate_limit, r.headers);
  return r;
}

void add_request_ids(const RequestContext& ctx, Headers& h) {
  h.add("x-request-id", ctx.echoed_id());
  if (!ctx.client_request_id.empty()) h.add("x-gw-request-id", ctx.request_id);
}

void add_gateway_headers(const Services& s, const RequestContext& ctx, Headers& h) {
  add_request_ids(ctx, h);
  if (ctx.served_by) h.add("x-gw-provider", ctx.served_by->provider->slug);
  if (ctx.resolved.model) h.add("x-gw-model", ctx.resolved.model->id);
  if (!ctx.route_header.empty()) h.add("x-gw-route", ctx.route_header);
  h.add("x-gw-attempts", std::to_string(ctx.attempts));
  int64_t overhead_ns = s.clock->steady_ns() - ctx.start_ns - ctx.upstream_ns;
  h.add("x-gw-overhead-us", std::to_string(std::max<int64_t>(0, overhead_ns / 1000)));
  if (ctx.capped_max_tokens > 0) h.add("x-gw-max-tokens-capped", std::to_string(ctx.capped_max_tokens));
  if (!ctx.cache_result.empty()) h.add("x-gw-cache", ctx.cache_result);
  if (!ctx.cache_layer.empty()) h.add("x-gw-cache-layer", ctx.cache_layer);
  if (ctx.cache_layer == "semantic") {
    char similarity[16];
    std::snprintf(similarity, sizeof similarity, "%.4f", ctx.cache_similarity);
    h.add("x-gw-cache-similarity", similarity);
  }
  if (ctx.free_hit) h.add("x-gw-cache-saved", ctx.cache_saved.to_string());  // USD, exact decimal
  add_rate_limit_headers(ctx.rate_limit, h);
}

}  // namespace gw
