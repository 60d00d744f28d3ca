#include "core/health/probe_budget.h"

namespace gw {

std::optional<Money> probe_cost(const CatalogModel& m, int64_t max_tokens) {
  auto prompt = m.prompt_price.cost(kProbePromptTokens);
  auto completion = m.completion_price.cost(max_tokens);
  if (!prompt || !completion) return std::nullopt;
  return prompt->plus(*completion);
}

void ProbeBudget::roll_locked(int64_t now_ms) const {
  if (utc_day(now_ms) == day_) return;
  day_ = utc_day(now_ms);
  spend_ = ProbeSpend{};
  spend_.cap = cap_;
}

bool ProbeBudget::try_spend(Money cost, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  roll_locked(now_ms);
  auto after = spend_.spent.plus(cost);
  if (!after || *after > cap_) {
    ++spend_.skipped;
    return false;
  }
  spend_.spent = *after;
  ++spend_.probes;
  return true;
}

void ProbeBudget::record(Money cost, bool sent, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  roll_locked(now_ms);
  if (!sent) {
    ++spend_.skipped;
    return;
  }
  spend_.spent = spend_.spent.plus(cost).value_or(spend_.spent);
  ++spend_.probes;
}

ProbeSpend ProbeBudget::today(int64_t now_ms) const {
  std::lock_guard<std::mutex> lock(mu_);
  roll_locked(now_ms);
  return spend_;
}

}  // namespace gw
