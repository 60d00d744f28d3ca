// The start of every proxied request and its ends before relay: what the
// chat and media routes share, so each request is identified, traced and
// recorded the same way whichever route it came by. Thread-safe.
#include "core/base/request_id.h"
#include "proxy/pipeline/recycling_allocator.h"
#include "proxy/pipeline/steps.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {

std::shared_ptr<RequestContext> start_request(const Services& s, const InboundRequest& in, std::string_view route,
                                              const ClientDialect& client) {
  auto ctx = std::allocate_shared<RequestContext>(RecyclingAllocator<RequestContext>());
  ctx->start_ns = s.clock->steady_ns();
  std::string_view client_id = in.headers.get("x-request-id");
  ctx->request_id = new_request_id(s.clock->now_unix_ms());
  if (is_acceptable_request_id(client_id)) ctx->client_request_id = std::string(client_id);
  ctx->route = std::string(route);
  ctx->client = &client;
  if (s.telemetry) s.telemetry->request_started(*ctx, in);
  return ctx;
}

void step_started(const Services& s, RequestContext& ctx, std::string_view name) {
  if (s.telemetry) s.telemetry->step_started(ctx, name);
}

void step_ended(const Services& s, RequestContext& ctx, bool ok) {
  if (s.telemetry) s.telemetry->step_ended(ctx, ok);
}

Reply refuse(const Services& s, RequestContext& ctx, const Error& error) {
  ctx.status = error.http_status();
  if (s.telemetry) {
    s.telemetry->note_error(ctx, error);
    s.telemetry->request_finished(ctx, Money{});
  }
  return error_reply(ctx, error);
}

Reply fail_forward(const Services& s, RequestContext& ctx, const Error& error) {
  ctx.status = error.http_status();
  if (s.telemetry) s.telemetry->note_error(ctx, error);
  settle(s, ctx);
  return error_reply(ctx, error);
}

}  // namespace gw
