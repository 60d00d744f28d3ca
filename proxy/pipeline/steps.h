// steps.h - the request pipeline, one function per step, each in its own
// file, called in this order by the route handlers:
//
//   authenticate -> apply_limits -> resolve_route -> preflight
//     -> forward (route/failover) -> relay (stream back) -> settle
//
// A step returns an error to stop the pipeline; the handler turns it into an
// error reply in the caller's dialect. Steps are thread-safe (they touch only
// the context and thread-safe services).
#pragma once

#include "core/base/result.h"
#include "core/cache/cache_key.h"
#include "proxy/pipeline/request_context.h"
#include "proxy/pipeline/services.h"
#include "proxy/server/http_server.h"

namespace gw {

// Who is calling (owner, a user's key, or anonymous), and may they use this
// route? Sets ctx.caller, key_id, user_id and role.
Status authenticate(const Services& s, const InboundRequest& in, RequestContext& ctx);
// The checks on a known key: not revoked, IP allowlist, Origin/Referer
// domain restriction, and the role's permission.
struct KeyInfo;
Status check_key_use(const KeyInfo& key, const InboundRequest& in, Permission needed);

// Rate limits in order IP -> key -> anonymous. The limiter plugs in here.
Status apply_limits(const Services& s, const InboundRequest& in, RequestContext& ctx);

// Model name -> catalog model -> providers to try, in order.
Status resolve_route(const Services& s, const InboundRequest& in, RequestContext& ctx);
// Part of resolve_route for a router:* model (route_router.cc): picks the
// concrete model, sets ctx.chat.model to it and ctx.route_header/route_choice.
Status route_router_model(const Services& s, RequestContext& ctx);

// The response cache (cache_step.cc), after resolve_route: a stored answer
// for this request and tenant is the reply (a hit: no provider, no charge);
// otherwise ctx notes the outcome ("miss", "bypass") and, when the answer
// may be stored, its key. A miss while an identical request is in flight
// waits (bounded) for its answer (single flight). Errors: a bad x-gw-cache
// or x-gw-cache-replay header (400).
Result<std::optional<Reply>> look_up_cache(const Services& s, const InboundRequest& in,
                                           const std::shared_ptr<RequestContext>& ctx);
// One warning line on stderr for a cache layer's failure ("response cache",
// "semantic cache"), unless [log] level is "error".
void warn_cache(const Services& s, std::string_view layer, const std::string& message);
// Stores an answer just given in full (2xx) when look_up_cache said it may
// be: a whole body, or a stream's events (`frames`); lands the request's
// single flight.
void store_in_cache(const Services& s, RequestContext& ctx, const std::string& body,
                    std::vector<CachedFrame> frames = {});
// The semantic layer (semantic_step.cc), after an exact miss: when the
// request qualifies, its question is embedded and a stored question of the
// same context at least [cache.semantic] threshold close whose numbers,
// negations and names agree (semantic_guard.h) gives its answer (null: a
// miss). Notes the outcome in ctx; on a miss whose answer may be stored
// (`answer_key` non-empty), the question to index with it. Never fails:
// an embedding error is logged, counted and a miss.
std::shared_ptr<const CachedAnswer> look_up_semantic(const Services& s, const CacheKeyInput& key_in,
                                                     const CacheDirective& directive, const std::string& answer_key,
                                                     RequestContext& ctx);

// Checks before any provider is called: the worst-case cost must be
// computable (and, with accounts, covered).
Status preflight(const Services& s, RequestContext& ctx);
// The same for a router's fallback model (route_fallback.cc): its price and
// hold; the token estimate was counted once already.
Status preflight_again(const Services& s, RequestContext& ctx);

// Tries the candidates in order until one answers; fails over on
// 401/402/403/404/502/503/504, timeouts and connection failures; never on
// 400; a 429 whose Retry-After is at most 2 s is waited out once and retried
// on the same provider, any other 429 is returned with Retry-After. Leaves
// the open stream in ctx.
Status forward(const Services& s, RequestContext& ctx);

// forward() for every request; for a router:* model whose providers all
// failed, falls back down the router's ranking (route_fallback.cc).
Status forward_routed(const Services& s, const InboundRequest& in, RequestContext& ctx);

// Builds the client's reply from the open upstream stream: whole body, or a
// stream passed through event by event. Calls settle() when the body is done.
Reply relay(const Services& s, std::shared_ptr<RequestContext> ctx);

// Records the finished request (usage log, and the ledger once it exists).
void settle(const Services& s, RequestContext& ctx);
// A complete chat answer (200, read to its end, not from the cache) tells
// the LatencyBook how long it took: its time to first token (streams) and
// its total, from sending the request. Called by relay as the provider's
// answer ends, before its last bytes go out, so the next request's routing
// already counts it.
void note_answer_latency(const Services& s, const RequestContext& ctx);
// What an answered request costs at its price (exact fixed point): its
// usage's cost, or the amount held when the usage cannot be priced. What a
// stored answer keeps as the cost a cache hit saves.
Money answer_cost(const RequestContext& ctx);

// The edges of a request, shared by the routes (request_edges.cc).
// A new context: request id (the caller's x-request-id when acceptable),
// arrival time, route, dialect, and trace context from `traceparent`.
std::shared_ptr<RequestContext> start_request(const Services& s, const InboundRequest& in, std::string_view route,
                                              const ClientDialect& client);
// A pipeline step as a span of the request (no-ops without tracing).
void step_started(const Services& s, RequestContext& ctx, std::string_view name);
void step_ended(const Services& s, RequestContext& ctx, bool ok);
// Runs `step` (returning a Result) between step_started and step_ended.
template <class Step>
auto traced(const Services& s, RequestContext& ctx, std::string_view name, Step&& step) {
  step_started(s, ctx, name);
  auto result = step();
  step_ended(s, ctx, result.ok());
  return result;
}
// Ends a request refused before any provider was asked: telemetry records
// it, the caller gets the error.
Reply refuse(const Services& s, RequestContext& ctx, const Error& error);
// Ends a request no provider could serve: it is settled, the caller gets
// the error.
Reply fail_forward(const Services& s, RequestContext& ctx, const Error& error);

// An error reply in the context's dialect, with gw's headers.
Reply error_reply(const RequestContext& ctx, const Error& error);
// Adds x-request-id (the caller's own if it sent one, else gw's) and, when
// the caller sent its own, x-gw-request-id (gw's: the id `gw usage`, the
// ledger and the access log know the request by).
void add_request_ids(const RequestContext& ctx, Headers& headers);
// Adds the request ids, x-gw-provider, x-gw-model and x-gw-overhead-us (and
// x-gw-cache, with x-gw-cache-saved on a free cache hit).
void add_gateway_headers(const Services& s, const RequestContext& ctx, Headers& headers);

}  // namespace gw
