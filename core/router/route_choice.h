// route_choice.h - the routers' decision: given the candidates (models a
// configured provider serves, breaker not open, the caller may afford; see
// proxy/pipeline/route_router.cc) with their scores, prices and latencies,
// rank them for a router mode and pick the first. Pure and deterministic:
// ties break on price, then model id. The decision carries every number it
// used, for x-gw-route, the usage log and `gw route explain`.
//
// General router (score = arena Elo):
//   quality   highest score
//   cost      cheapest blended price among models with score >= general_floor
//   latency   lowest p50 (measured with >= latency_samples attempts, else the prior)
//   balanced  highest utility 0.5*Q + 0.3*C + 0.2*L, each in [0,1] over the
//             candidates: Q = (score-min)/(max-min);
//             C = (ln(1+max price) - ln(1+price)) / (ln(1+max price) - ln(1+min price));
//             L = the same over p50 latency (1 when all are equal)
// Code router (score = SWE-bench Verified %): the tier (code_tier.h) sets a
// floor: simple 0, moderate 45, complex 60, agentic 65.
//   price     cheapest blended price among models >= the tier's floor
//   quality   highest score
//   agentic   models with tools and a context >= 128k first, then highest score
//   auto      price for simple and moderate, quality for complex, agentic for agentic
// Blended price = (3 * prompt + completion) / 4 per token (a 3:1 input:output mix).
// When no candidate meets a floor, the best-scoring one is chosen and the
// reason says so.
// Stickiness: a `previous` choice for the same conversation is kept when it
// is still a candidate and the tier did not rise.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/catalog/catalog.h"
#include "core/catalog/model_scores.h"
#include "core/router/code_tier.h"
#include "core/router/router_settings.h"
#include "core/router/router_spec.h"

namespace gw {

struct RouterCandidate {
  const CatalogModel* model = nullptr;
  const ModelScores* scores = nullptr;
  int64_t p50_ms = 0;   // measured median over the model's providers, 0 = unmeasured
  int64_t samples = 0;  // attempts behind p50_ms
};

struct RankedModel {
  std::string id;
  double score = 0;         // the router's quality score (Elo or %)
  int64_t blend_units = 0;  // blended price per token, exact fixed point (Money units)
  int64_t latency_ms = 0;   // p50 used (measured or prior)
  bool measured = false;    // latency_ms is measured, not the prior
  bool meets_floor = true;  // cost/price modes: at or above the floor
  double utility = 0;       // balanced mode only
};

struct StickyChoice {
  std::string model_id;
  std::optional<CodeTier> tier;
};

struct RouteDecision {
  RouterSpec spec;
  std::optional<CodeTier> tier;     // code router only
  std::string tier_reason;          // the classifier rule that fired
  double floor = 0;                 // the quality floor applied (cost, price, auto below complex)
  std::vector<RankedModel> ranked;  // best first; ranked[0] is chosen unless sticky
  std::string chosen;
  std::string runner_up;  // "" when there was one candidate
  std::string reason;     // the deciding numbers, in words
  bool sticky = false;    // kept from earlier in the conversation
};

// Fails with kUnavailable ("no_router_candidate") when `candidates` is empty.
// `signals` is read by the code router only.
Result<RouteDecision> decide_route(const RouterSpec& spec, const RequestSignals& signals,
                                   const std::vector<RouterCandidate>& candidates, const RouterSettings& settings,
                                   const std::optional<StickyChoice>& previous = std::nullopt);

// The blended price per 1M tokens in USD, e.g. "1.9375", for people.
std::string blend_per_million(int64_t blend_units);
// One line for the x-gw-route header (ASCII, no CR/LF):
// "router=code:auto; tier=complex (files=3>=3); chosen=a/b; runner_up=c/d; a/b code=77.2 $6.0000/M; c/d code=74.9
// $3.4375/M; sticky=no"
std::string route_header(const RouteDecision& d);
// The router, mode and tier, kept in the usage log: "code:auto complex",
// "general:cost" (gw usage --by route adds the chosen model).
std::string route_summary(const RouteDecision& d);

}  // namespace gw
