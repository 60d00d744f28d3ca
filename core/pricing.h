// pricing.h - what a request costs, in exact fixed point.
//
//   cost = (prompt - cached) x prompt_price + cached x cached_price
//          + completion x completion_price
// Reasoning tokens are part of completion tokens (as providers report them)
// and are billed at the completion price. Every product is exact (prices
// are integer Money units per token); there is no rounding anywhere, and
// overflow is an error rather than a wrong number.
//
// Default prices: a catalog model quoted at zero that is neither ":free"
// nor a mock model has no real price; it is billed at kDefaultPrompt /
// kDefaultCompletion, except premium models (GPT-4/5, o1/o3/o4, Claude,
// Gemini Pro), which are refused instead. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/catalog.h"
#include "core/money.h"
#include "core/result.h"
#include "core/usage.h"

namespace gw {

struct BillingPrice {
  TokenPrice prompt;
  TokenPrice completion;
  TokenPrice cached_prompt;
  bool is_default = false;  // the catalog had no real price
  bool free = false;        // nothing to pay (":free" and mock models)
};

// $1.00 per million prompt tokens, $3.00 per million completion tokens.
inline constexpr TokenPrice kDefaultPrompt = TokenPrice::from_units_per_token(10'000);
inline constexpr TokenPrice kDefaultCompletion = TokenPrice::from_units_per_token(30'000);

bool is_premium_model(std::string_view canonical_id);

// The price to bill `model` at; kForbidden ("model_not_priced") for a premium
// model whose price would be a default.
Result<BillingPrice> billing_price(const CatalogModel& model);

// Exact cost of a finished request; nullopt on overflow.
std::optional<Money> usage_cost(const BillingPrice& price, const Usage& usage);
// The same at the price gw bills `model` at; nullopt when it may not be billed.
std::optional<Money> usage_cost(const CatalogModel& model, const Usage& usage);
// The most a request can cost: every prompt token plus `max_completion`
// completion tokens; nullopt on overflow.
std::optional<Money> max_cost(const BillingPrice& price, int64_t prompt_tokens, int64_t max_completion);
// How many completion tokens `budget` pays for after the prompt (0 if none).
int64_t affordable_completion_tokens(const BillingPrice& price, int64_t prompt_tokens, Money budget);

}  // namespace gw
