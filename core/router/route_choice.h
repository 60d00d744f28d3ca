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
//   latency   lowest p50 total latency: measured (core/health/latency_book.h)
//             once the model has latency_samples complete answers in the last
//             hour on one of its providers, else its prior
//   balanced  highest utility (wQ*Q + wC*C + wL*L) / (wQ + wC + wL), each term
//             in [0,1] over the candidates: Q = (score-min)/(max-min);
//             C = (ln(1+max price) - ln(1+price)) / (ln(1+max price) - ln(1+min price));
//             L = the same over p50 latency (1 when all are equal); the
//             weights are [router] balanced_quality|price|latency (60/30/10,
//             router_settings.h says why)
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
// Fallback: when every provider of the chosen model fails, fall_back() moves
// the choice down the ranking (the pipeline does this at most
// kMaxRouteFallbacks times) and the header says so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/catalog/catalog.h"
#include "core/catalog/model_scores.h"
#include "core/health/latency_book.h"
#include "core/router/code_tier.h"
#include "core/router/router_settings.h"
#include "core/router/router_spec.h"

namespace gw {

struct RouterCandidate {
  const CatalogModel* model = nullptr;
  const ModelScores* scores = nullptr;
  // Measured on the model's fastest provider with enough samples (else on
  // its most measured one); zeros = never measured.
  AnswerLatency measured;
};

// How many times one request may fall back down the ranking.
inline constexpr int kMaxRouteFallbacks = 2;

struct RankedModel {
  std::string id;
  double score = 0;         // the router's quality score (Elo or %)
  int64_t blend_units = 0;  // blended price per token, exact fixed point (Money units)
  bool approx = false;      // the score is approximate (scores.json says so)
  int64_t latency_ms = 0;   // p50 total used (measured or prior)
  bool measured = false;    // latency_ms is measured, not the prior
  int64_t samples = 0;      // complete answers measured in the last hour (< latency_samples: prior used)
  int64_t ttft_ms = 0;      // measured p50 time to first token (streams); 0 = none
  int64_t ttft_samples = 0;
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
  std::string runner_up;        // "" when there was one candidate
  std::string reason;           // the deciding numbers, in words
  bool sticky = false;          // kept from earlier in the conversation
  int64_t latency_samples = 0;  // the [router] threshold the measured figures were held to
  // Models chosen before `chosen` whose every provider failed, each with why:
  // "a/b (upstream_503: provider x answered 503)". Empty: no fallback.
  std::vector<std::string> fell_back;
};

// Fails with kUnavailable ("no_router_candidate") when `candidates` is empty.
// `signals` is read by the code router only.
Result<RouteDecision> decide_route(const RouterSpec& spec, const RequestSignals& signals,
                                   const std::vector<RouterCandidate>& candidates, const RouterSettings& settings,
                                   const std::optional<StickyChoice>& previous = std::nullopt);

// After every provider of d.chosen failed (`why`: the last error, short):
// moves the choice to the next ranked model not yet tried and returns it,
// or nullopt when the ranking is exhausted or kMaxRouteFallbacks is spent.
std::optional<std::string> fall_back(RouteDecision& d, const std::string& why);

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
