// router_candidates.h - the models a router may pick for one request: every
// model in the score table that chats ("...->text"), that a configured
// provider serves (ModelResolver), and that `usable` accepts (the pipeline:
// a provider whose breaker is not open, a caller whose plan and balance
// allow the model). mock/* fixtures only with [router] mock_models. Each
// candidate carries the lowest measured p50 among its providers.
// Pure given its callbacks; thread-safe when they are.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/catalog/model_resolver.h"
#include "core/catalog/model_scores.h"
#include "core/router/route_choice.h"

namespace gw {

struct MeasuredLatency {
  int64_t p50_ms = 0;
  int64_t samples = 0;
};

using CandidateCheck = std::function<bool(const ResolvedModel&)>;
using LatencyLookup = std::function<std::optional<MeasuredLatency>(std::string_view provider, std::string_view model)>;

std::vector<RouterCandidate> router_candidates(const ScoreTable& scores, const ModelResolver& resolver,
                                               const Catalog& catalog, const RouterSettings& settings,
                                               const CandidateCheck& usable, const LatencyLookup& latency);

}  // namespace gw
