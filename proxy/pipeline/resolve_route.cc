// Step 3: resolve the requested model to a catalog model and the providers
// that can serve it. An explicit provider comes from the body's `provider`
// field or the x-gw-provider header (the body wins).
//
// Failover order: the catalog lists each model's providers most reliable
// first (the provider's own API, then hosts, then aggregators). Measured
// reliability then re-orders them: a provider whose recent success rate has
// fallen behind another's moves down (stable, so ties keep catalog order).
//
// A router:* name is first turned into a concrete model (route_router.cc);
// failover then runs over that model's providers like any other.
#include <algorithm>

#include "core/health/provider_health.h"
#include "core/router/router_spec.h"
#include "proxy/pipeline/steps.h"

namespace gw {
namespace {

// Attempts before measured reliability outweighs the catalog's order.
constexpr int64_t kMinSamples = 20;
// Success rates are compared in 5% steps so noise does not reshuffle.
constexpr int64_t kBucketBp = 500;

void order_by_measured_reliability(const ProviderHealth& health, std::vector<RouteCandidate>& candidates) {
  // Score each candidate once (unmeasured: as good as the best), then sort.
  std::vector<std::pair<int64_t, RouteCandidate>> scored;
  for (auto& c : candidates)
    scored.emplace_back(health.success_bp(c.provider->slug, kMinSamples).value_or(10000) / kBucketBp, std::move(c));
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < scored.size(); ++i) candidates[i] = std::move(scored[i].second);
}

}  // namespace

Status resolve_route(const Services& s, const InboundRequest& in, RequestContext& ctx) {
  std::string_view override_slug = ctx.chat.provider_override;
  if (override_slug.empty()) override_slug = in.headers.get("x-gw-provider");
  std::string requested;  // a router's name, kept as what the client asked for
  if (is_router_name(ctx.chat.model)) {
    requested = ctx.chat.model;
    if (auto st = route_router_model(s, ctx); !st) return st;
  }
  auto resolved = s.resolver->resolve(ctx.chat.model, override_slug);
  if (!resolved) return resolved.error();
  ctx.resolved = std::move(resolved).value();
  if (!requested.empty()) ctx.resolved.requested = std::move(requested);
  if (s.health && ctx.resolved.candidates.size() > 1) order_by_measured_reliability(*s.health, ctx.resolved.candidates);
  return ok_status();
}

}  // namespace gw
