// route_eval.h - measures a router against labelled prompts (gw route eval):
// each case has a prompt (or a whole chat body) and an expected tier and/or
// a list of acceptable models. Reports tier accuracy with a confusion
// matrix, model accuracy, and the estimated cost of the routed choices
// against always using the best model (the same router's quality mode) and
// always the cheapest candidate. Cost of one case = its prompt estimate at
// the prompt price + kEvalCompletionTokens at the completion price, exact
// fixed point. Pure; thread-compatible.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/money.h"
#include "core/base/result.h"
#include "core/router/route_choice.h"

namespace gw {

inline constexpr int64_t kEvalCompletionTokens = 500;

struct EvalCase {
  int line = 0;                         // in the file, for messages
  nlohmann::json body;                  // {"messages": [...], "tools": [...]}
  std::optional<CodeTier> tier;         // expected tier ("tier")
  std::vector<std::string> acceptable;  // acceptable models ("acceptable")
};

// One JSONL line: {"prompt": "..."} or {"messages": [...], "tools": [...]},
// with "tier" and/or "acceptable". kInvalidRequest naming the line otherwise.
Result<EvalCase> parse_eval_line(std::string_view line, int line_number);

struct EvalReport {
  int cases = 0;
  int tier_cases = 0, tier_hits = 0;
  std::array<std::array<int, 4>, 4> confusion{};  // [expected][predicted], CodeTier order
  int model_cases = 0, model_hits = 0;
  Money routed_cost, best_cost, cheapest_cost;      // exact
  double routed_score_sum = 0, best_score_sum = 0;  // the router's quality score of each pick
  std::vector<std::string> misses;                  // "line 12: expected complex, got moderate (files=1>=1)"
};

// Runs every case through decide_route for `spec` over `candidates`.
Result<EvalReport> evaluate_router(const RouterSpec& spec, const std::vector<EvalCase>& cases,
                                   const std::vector<RouterCandidate>& candidates, const RouterSettings& settings);

}  // namespace gw
