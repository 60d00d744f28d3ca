#include "core/catalog/pricing.h"

#include <algorithm>
#include <limits>

namespace gw {
namespace {

constexpr int64_t kMsPerMinute = 60'000;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool has_price(const CatalogModel& m) {
  return m.prompt_price.units_per_token() != 0 || m.completion_price.units_per_token() != 0 ||
         m.image_price != Money{} || m.audio_minute_price != Money{};
}

}  // namespace

bool is_premium_model(std::string_view id) {
  for (std::string_view p : {"openai/gpt-4", "openai/gpt-5", "openai/o1", "openai/o3", "openai/o4", "anthropic/claude"})
    if (starts_with(id, p)) return true;
  return starts_with(id, "google/gemini") && id.find("-pro") != std::string_view::npos;
}

Result<BillingPrice> billing_price(const CatalogModel& m) {
  BillingPrice p{m.prompt_price,
                 m.completion_price,
                 m.cached_prompt_price,
                 m.cache_write_price,
                 m.cache_write_1h_price,
                 m.image_price,
                 m.audio_minute_price,
                 false,
                 false};
  if (has_price(m)) return p;
  if (m.is_free() || starts_with(m.id, "mock/")) {
    p.free = true;
    return p;
  }
  if (is_premium_model(m.id))
    return make_error(ErrorKind::kForbidden,
                      "model " + m.id +
                          " has no price in the catalog, and premium models are never billed at a "
                          "default price",
                      "model_not_priced", "model");
  constexpr TokenPrice kDefaultWrite = TokenPrice::from_units_per_token((kDefaultPrompt.units_per_token() * 5 + 3) / 4);
  constexpr TokenPrice kDefaultWrite1h = TokenPrice::from_units_per_token(kDefaultPrompt.units_per_token() * 2);
  return BillingPrice{
      kDefaultPrompt, kDefaultCompletion, kDefaultPrompt, kDefaultWrite, kDefaultWrite1h, Money{}, Money{}, true,
      false};
}

std::optional<Money> audio_cost(Money per_minute, int64_t audio_ms) {
  if (per_minute < Money{}) return std::nullopt;
  if (audio_ms <= 0) return Money{};
  // int64 x int64 always fits in 128 bits; only the quotient can overflow Money.
  const __int128 product = static_cast<__int128>(audio_ms) * per_minute.units();
  const __int128 units = (product + kMsPerMinute - 1) / kMsPerMinute;
  if (units > std::numeric_limits<int64_t>::max()) return std::nullopt;
  return Money::from_units(static_cast<int64_t>(units));
}

std::optional<Money> usage_cost(const BillingPrice& price, const Usage& usage) {
  const int64_t prompt = std::max<int64_t>(usage.prompt_tokens, 0);
  const int64_t cached = std::clamp<int64_t>(usage.cached_tokens, 0, prompt);
  const int64_t write_5m = std::clamp<int64_t>(usage.cache_write_tokens, 0, prompt - cached);
  const int64_t write_1h = std::clamp<int64_t>(usage.cache_write_1h_tokens, 0, prompt - cached - write_5m);
  const std::optional<Money> terms[] = {
      price.prompt.cost(prompt - cached - write_5m - write_1h),
      price.cached_prompt.cost(cached),
      price.cache_write.cost(write_5m),
      price.cache_write_1h.cost(write_1h),
      price.completion.cost(std::max<int64_t>(usage.completion_tokens, 0)),
      price.per_image.times(std::max<int64_t>(usage.images, 0)),
      audio_cost(price.per_audio_minute, usage.audio_ms),
  };
  Money sum;
  for (const auto& term : terms) {
    auto next = term ? sum.plus(*term) : std::nullopt;
    if (!next) return std::nullopt;
    sum = *next;
  }
  return sum;
}

std::optional<Money> usage_cost(const CatalogModel& model, const Usage& usage) {
  auto price = billing_price(model);
  return price ? usage_cost(*price, usage) : std::nullopt;
}

std::optional<Money> max_cost(const BillingPrice& price, int64_t prompt_tokens, int64_t max_completion) {
  Usage worst;
  worst.prompt_tokens = prompt_tokens;
  worst.completion_tokens = max_completion;
  return usage_cost(price, worst);
}

int64_t affordable_completion_tokens(const BillingPrice& price, int64_t prompt_tokens, Money budget) {
  auto prompt = price.prompt.cost(std::max<int64_t>(prompt_tokens, 0));
  if (!prompt || *prompt > budget) return 0;
  const int64_t left = budget.units() - prompt->units();
  const int64_t per = price.completion.units_per_token();
  return per == 0 ? std::numeric_limits<int64_t>::max() : left / per;
}

}  // namespace gw
