// Part of step 5 (forward) for a router:* model: when no provider of the
// routed model could answer - every candidate failed over (401/402/403/404/
// 502/503/504, a timeout, a connection failure, an empty stream), was
// skipped by its open breaker, or could not take the request - the request
// falls back to the next model of the router's ranking and is forwarded
// again, at most kMaxRouteFallbacks times (core/router/route_choice.h).
// Nothing has reached the client yet (a stream commits only at its first
// event with data), so the caller sees one answer from the model that served.
//
// Each fallback: the credit held at the failed model's price is let go
// without a ledger row (the request's one row comes at its end), the next
// model's providers are resolved and ordered as for any model, pre-flight
// runs again at its price (the token estimate is not counted twice), the
// response cache will not store the answer under the first model's key, the
// conversation's sticky entry follows the model that answered, and
// x-gw-route says what failed and why ("fell_back_from=...").
// A status passed on as it is (400, 429, other non-failover statuses) or a
// strict replay's cassette miss does not fall back: the caller must see it.
#include "core/ledger/credit_book.h"
#include "core/router/sticky_routes.h"
#include "proxy/accounts/shared_holds.h"
#include "proxy/pipeline/steps.h"
#include "proxy/pipeline/trial_claim.h"

namespace gw {
namespace {

constexpr size_t kWhyChars = 160;  // of the failed model's last error, in the header

std::string short_why(const Error& e) {
  std::string why = e.code.empty() ? e.message : e.code + ": " + e.message;
  if (why.size() > kWhyChars) why = why.substr(0, kWhyChars - 3) + "...";
  return why;
}

bool may_fall_back(const RequestContext& ctx, const Error& e) {
  return ctx.route_decision && !ctx.served_by && e.code != "cassette_miss";
}

// Moves ctx to `model`: its providers, its price and hold, the header.
Status switch_model(const Services& s, const InboundRequest& in, RequestContext& ctx, const std::string& model) {
  if (ctx.lease_holds) {  // its hold from a balance lease serves others; preflight holds again
    ctx.lease_holds->put_back(ctx.user_id, ctx.lease_id, ctx.held);
    ctx.lease_holds = nullptr;
    ctx.lease_id.clear();
  }
  if (ctx.hold) {  // not journaled: the request goes on
    ctx.hold->settle(ctx.request_id, Money{}, 0, LedgerKind::kRefund);
    end_trial_claim(s, ctx, std::nullopt);  // preflight claims again for the new model
    ctx.hold = nullptr;
    ctx.held = Money{};
  }
  ctx.cache_key.clear();
  ctx.semantic_entry.reset();
  ctx.chat.model = model;
  ctx.route_header = route_header(*ctx.route_decision);
  const std::string requested = ctx.resolved.requested;
  if (auto st = resolve_route(s, in, ctx); !st) return st;
  ctx.resolved.requested = requested;
  if (s.sticky && !ctx.sticky_key.empty()) s.sticky->put(ctx.sticky_key, StickyChoice{model, ctx.route_decision->tier});
  return preflight_again(s, ctx);
}

}  // namespace

Status forward_routed(const Services& s, const InboundRequest& in, RequestContext& ctx) {
  Status st = forward(s, ctx);
  while (!st && may_fall_back(ctx, st.error())) {
    auto next = fall_back(*ctx.route_decision, short_why(st.error()));
    if (!next) break;
    if (auto switched = switch_model(s, in, ctx, *next); !switched) {
      st = switched;  // the next model cannot take it either (price, context): say so and move on
      continue;
    }
    st = forward(s, ctx);
  }
  return st;
}

}  // namespace gw
