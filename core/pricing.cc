#include "core/pricing.h"

#include <algorithm>
#include <limits>

namespace gw {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

bool is_premium_model(std::string_view id) {
  for (std::string_view p : {"openai/gpt-4", "openai/gpt-5", "openai/o1", "openai/o3", "openai/o4", "anthropic/claude"})
    if (starts_with(id, p)) return true;
  return starts_with(id, "google/gemini") && id.find("-pro") != std::string_view::npos;
}

Result<BillingPrice> billing_price(const CatalogModel& m) {
  BillingPrice p{m.prompt_price, m.completion_price, m.cached_prompt_price, false, false};
  const bool zero = m.prompt_price.units_per_token() == 0 && m.completion_price.units_per_token() == 0;
  if (!zero) return p;
  if (m.is_free() || starts_with(m.id, "mock/")) {
    p.free = true;
    return p;
  }
  if (is_premium_model(m.id))
    return make_error(ErrorKind::kForbidden,
                      "model " + m.id + " has no price in the catalog, and premium models are never billed at a "
                                        "default price",
                      "model_not_priced", "model");
  return BillingPrice{kDefaultPrompt, kDefaultCompletion, kDefaultPrompt, true, false};
}

std::optional<Money> usage_cost(const BillingPrice& price, const Usage& usage) {
  const int64_t cached = std::clamp<int64_t>(usage.cached_tokens, 0, std::max<int64_t>(usage.prompt_tokens, 0));
  auto uncached = price.prompt.cost(std::max<int64_t>(usage.prompt_tokens, 0) - cached);
  auto cached_cost = price.cached_prompt.cost(cached);
  auto completion = price.completion.cost(std::max<int64_t>(usage.completion_tokens, 0));
  if (!uncached || !cached_cost || !completion) return std::nullopt;
  auto sum = uncached->plus(*cached_cost);
  return sum ? sum->plus(*completion) : std::nullopt;
}

std::optional<Money> usage_cost(const CatalogModel& model, const Usage& usage) {
  auto price = billing_price(model);
  return price ? usage_cost(*price, usage) : std::nullopt;
}

std::optional<Money> max_cost(const BillingPrice& price, int64_t prompt_tokens, int64_t max_completion) {
  auto prompt = price.prompt.cost(std::max<int64_t>(prompt_tokens, 0));
  auto completion = price.completion.cost(std::max<int64_t>(max_completion, 0));
  return prompt && completion ? prompt->plus(*completion) : std::nullopt;
}

int64_t affordable_completion_tokens(const BillingPrice& price, int64_t prompt_tokens, Money budget) {
  auto prompt = price.prompt.cost(std::max<int64_t>(prompt_tokens, 0));
  if (!prompt || *prompt > budget) return 0;
  const int64_t left = budget.units() - prompt->units();
  const int64_t per = price.completion.units_per_token();
  return per == 0 ? std::numeric_limits<int64_t>::max() : left / per;
}

}  // namespace gw
