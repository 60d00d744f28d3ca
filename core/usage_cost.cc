// usage_cost.cc - see usage_cost.h. Pure; thread-safe.
#include "core/usage_cost.h"

namespace gw {

std::optional<Money> usage_cost(const CatalogModel& model, const Usage& usage) {
  int64_t uncached = usage.prompt_tokens - usage.cached_tokens;
  auto prompt = model.prompt_price.cost(uncached < 0 ? 0 : uncached);
  auto cached = model.cached_prompt_price.cost(usage.cached_tokens);
  auto completion = model.completion_price.cost(usage.completion_tokens);
  if (!prompt || !cached || !completion) return std::nullopt;
  auto total = prompt->plus(*cached);
  if (!total) return std::nullopt;
  return total->plus(*completion);
}

}  // namespace gw
