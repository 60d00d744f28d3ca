#include "core/router/route_eval.h"

#include <algorithm>

#include "core/json/json_parse.h"
#include "core/router/request_signals.h"

namespace gw {
namespace {

Error bad_line(int line, const std::string& what) {
  return make_error(ErrorKind::kInvalidRequest, "line " + std::to_string(line) + ": " + what, "invalid_eval_case");
}

Money case_cost(const CatalogModel& m, int64_t prompt_tokens) {
  Money p = m.prompt_price.cost(prompt_tokens).value_or(Money{});
  Money c = m.completion_price.cost(kEvalCompletionTokens).value_or(Money{});
  return p.plus(c).value_or(p);
}

const RouterCandidate* find(const std::vector<RouterCandidate>& cs, const std::string& id) {
  for (const auto& c : cs)
    if (c.model->id == id) return &c;
  return nullptr;
}

}  // namespace

Result<EvalCase> parse_eval_line(std::string_view line, int line_number) {
  nlohmann::json j = parse_json(line);
  if (j.is_discarded() || !j.is_object()) return bad_line(line_number, "not a JSON object");
  EvalCase c;
  c.line = line_number;
  if (j.contains("prompt") && j["prompt"].is_string()) {
    c.body = {{"messages", nlohmann::json::array({{{"role", "user"}, {"content", j["prompt"]}}})}};
  } else if (j.contains("messages") && j["messages"].is_array()) {
    c.body = {{"messages", j["messages"]}};
    if (j.contains("tools")) c.body["tools"] = j["tools"];
  } else {
    return bad_line(line_number, "needs \"prompt\" (a string) or \"messages\" (an array)");
  }
  if (j.contains("tier")) {
    if (!j["tier"].is_string() || !parse_code_tier(j["tier"].get<std::string>()))
      return bad_line(line_number, "\"tier\" must be simple, moderate, complex or agentic");
    c.tier = parse_code_tier(j["tier"].get<std::string>());
  }
  if (j.contains("acceptable")) {
    if (!j["acceptable"].is_array()) return bad_line(line_number, "\"acceptable\" must be an array of model ids");
    for (const auto& m : j["acceptable"])
      if (m.is_string()) c.acceptable.push_back(m.get<std::string>());
  }
  if (!c.tier && c.acceptable.empty()) return bad_line(line_number, "needs \"tier\" or \"acceptable\"");
  return c;
}

Result<EvalReport> evaluate_router(const RouterSpec& spec, const std::vector<EvalCase>& cases,
                                   const std::vector<RouterCandidate>& candidates, const RouterSettings& settings) {
  EvalReport r;
  RouterSpec best_spec{spec.kind, RouterMode::kQuality};
  for (const auto& c : cases) {
    RequestSignals signals = read_signals(c.body);
    auto routed = decide_route(spec, signals, candidates, settings);
    if (!routed) return routed.error();
    auto best = decide_route(best_spec, signals, candidates, settings);
    if (!best) return best.error();
    ++r.cases;
    if (c.tier) {
      // The tier is the classifier's, whatever the mode; the general router has none.
      CodeTier got = classify_code_tier(signals).tier;
      ++r.tier_cases;
      ++r.confusion[static_cast<int>(*c.tier)][static_cast<int>(got)];
      if (got == *c.tier) ++r.tier_hits;
      else
        r.misses.push_back("line " + std::to_string(c.line) + ": expected " + std::string(code_tier_name(*c.tier)) +
                           ", got " + std::string(code_tier_name(got)) + " (" + classify_code_tier(signals).reason +
                           ")");
    }
    if (!c.acceptable.empty()) {
      ++r.model_cases;
      if (std::find(c.acceptable.begin(), c.acceptable.end(), routed->chosen) != c.acceptable.end()) ++r.model_hits;
      else r.misses.push_back("line " + std::to_string(c.line) + ": " + routed->chosen + " is not acceptable");
    }
    const RouterCandidate* pick = find(candidates, routed->chosen);
    const RouterCandidate* top = find(candidates, best->chosen);
    const RouterCandidate* cheapest = nullptr;
    for (const auto& cand : candidates) {
      const auto& score = spec.kind == RouterKind::kCode ? cand.scores->code : cand.scores->general;
      if (!score) continue;
      if (!cheapest ||
          case_cost(*cand.model, signals.prompt_tokens) < case_cost(*cheapest->model, signals.prompt_tokens))
        cheapest = &cand;
    }
    r.routed_cost = r.routed_cost.plus(case_cost(*pick->model, signals.prompt_tokens)).value_or(r.routed_cost);
    r.best_cost = r.best_cost.plus(case_cost(*top->model, signals.prompt_tokens)).value_or(r.best_cost);
    if (cheapest)
      r.cheapest_cost =
          r.cheapest_cost.plus(case_cost(*cheapest->model, signals.prompt_tokens)).value_or(r.cheapest_cost);
    for (const auto& m : routed->ranked)
      if (m.id == routed->chosen) r.routed_score_sum += m.score;
    r.best_score_sum += best->ranked.front().score;
  }
  return r;
}

}  // namespace gw
