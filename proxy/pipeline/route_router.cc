// Part of step 3 (resolve_route): a router:* model name becomes a concrete
// catalog model. Candidates are the scored models a configured provider
// serves (core/router/router_candidates.h) that this request may use:
//   - at least one of the model's providers has a breaker that is not open;
//   - the caller's plan allows it (anonymous callers, free-role keys and a
//     trial that has ended or spent its caps may use only ":free" models,
//     which the routers never pick: such a caller gets the plan's error);
//   - for a billed key, the balance covers the prompt estimate at the
//     model's prompt price;
//   - the prompt estimate fits the model's context.
// Each candidate carries its measured latency (LatencyBook: p50 TTFT and
// total over its providers).
// The decision (core/router/route_choice.h) is kept on the context for the
// x-gw-route header and the usage log. A conversation keeps its model while
// its tier does not rise (StickyRoutes, [router] sticky_ttl_s).
#include <set>

#include "core/catalog/model_scores.h"
#include "core/health/circuit_breaker.h"
#include "core/health/latency_book.h"
#include "core/router/router_candidates.h"
#include "core/router/sticky_routes.h"
#include "proxy/accounts/accounts.h"
#include "proxy/pipeline/steps.h"

namespace gw {
namespace {

// Providers whose breaker is open now (one snapshot per request).
std::set<std::string, std::less<>> open_providers(const Services& s) {
  std::set<std::string, std::less<>> out;
  if (!s.breakers) return out;
  for (const auto& b : s.breakers->snapshots())
    if (b.state == BreakerState::kOpen && b.ms_until_half_open > 0) out.insert(b.provider);
  return out;
}

// What the caller may spend now; nullopt = not billed (owner).
std::optional<Money> spendable(const Services& s, const RequestContext& ctx) {
  if (ctx.caller != Caller::kKey || !s.accounts) return std::nullopt;
  auto account = s.accounts->credits().get(ctx.user_id);
  return account ? account->available() : Money{};
}

}  // namespace

Status route_router_model(const Services& s, RequestContext& ctx) {
  auto spec = parse_router_spec(ctx.chat.model);
  if (!spec) return spec.error();
  if (!s.scores) return make_error(ErrorKind::kUnavailable, "routers are not available here", "no_router_candidate");
  if (ctx.caller == Caller::kAnonymous || ctx.role == Role::kFree)
    return make_error(ctx.caller == Caller::kAnonymous ? ErrorKind::kUnauthorized : ErrorKind::kForbidden,
                      "the routers pick billed models; this caller may use only :free models",
                      ctx.caller == Caller::kAnonymous ? "missing_api_key" : "permission_denied", "model");
  if (ctx.caller == Caller::kKey && s.accounts)
    if (auto st = s.accounts->credits().billed_models_allowed(ctx.user_id); !st) {
      Error e = st.error();
      e.message = router_name(*spec) + " picks billed models, and " + e.message;
      return e;
    }
  const auto open = open_providers(s);
  const auto budget = spendable(s, ctx);
  const int64_t prompt = ctx.chat.prompt_tokens_estimate;
  bool priced_out = false;  // some model was left out only because the balance cannot cover it
  auto usable = [&](const ResolvedModel& r) {
    if (r.model->context_length > 0 && prompt >= r.model->context_length) return false;
    bool served = false;
    for (const auto& c : r.candidates) served = served || !open.count(c.provider->slug);
    if (!served) return false;
    if (budget) {
      auto cost = r.model->prompt_price.cost(prompt + 1);
      if (!cost || *cost > *budget) return !(priced_out = true);
    }
    return true;
  };
  LatencyLookup latency;
  if (s.latencies)
    latency = [&](std::string_view provider, std::string_view model) { return s.latencies->figures(provider, model); };
  const RouterSettings& settings = s.config->router;
  auto candidates = router_candidates(*s.scores, *s.resolver, *s.catalog, settings, usable, latency);
  if (candidates.empty() && priced_out)
    return make_error(ErrorKind::kPaymentRequired,
                      "insufficient credits: $" + budget->to_string() +
                          " available does not cover the prompt of any of " + router_name(*spec) +
                          "'s candidates; add credits or send a shorter prompt",
                      "insufficient_credits");
  const RequestSignals signals = read_signals(ctx.chat.tree());
  std::string key;
  std::optional<StickyChoice> previous;
  if (s.sticky) {
    const std::string tenant = !ctx.user_id.empty() ? ctx.user_id : !ctx.key_id.empty() ? ctx.key_id : "owner";
    key = sticky_key(tenant, router_name(*spec), signals.stable_prefix);
    previous = s.sticky->get(key);
  }
  auto decision = decide_route(*spec, signals, candidates, settings, previous);
  if (!decision) return decision.error();
  if (s.sticky) {  // a kept model remembers the highest tier it has served
    std::optional<CodeTier> tier = decision->tier;
    if (decision->sticky && previous->tier && tier && *previous->tier > *tier) tier = previous->tier;
    s.sticky->put(key, StickyChoice{decision->chosen, tier});
    ctx.sticky_key = std::move(key);
  }
  ctx.route_header = route_header(*decision);
  ctx.route_choice = route_summary(*decision);
  ctx.chat.model = decision->chosen;
  ctx.route_decision = std::move(decision).value();
  return ok_status();
}

}  // namespace gw
