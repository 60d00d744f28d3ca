// router_candidates.h - the models a router may pick for one request: every
// model in the score table that chats ("...->text"), that a configured
// provider serves (ModelResolver), and that `usable` accepts (the pipeline:
// a provider whose breaker is not open, a caller whose plan and balance
// allow the model). mock/* fixtures only with [router] mock_models. Each
// candidate carries the measured latency (latency_book.h) of its provider
// with the lowest p50 total among those with [router] latency_samples
// answers, else of its most measured provider.
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

using CandidateCheck = std::function<bool(const ResolvedModel&)>;
using LatencyLookup = std::function<AnswerLatency(std::string_view provider, std::string_view model)>;

std::vector<RouterCandidate> router_candidates(const ScoreTable& scores, const ModelResolver& resolver,
                                               const Catalog& catalog, const RouterSettings& settings,
                                               const CandidateCheck& usable, const LatencyLookup& latency);

}  // namespace gw
