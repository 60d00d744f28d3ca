// pricing.h - what a request costs, in exact fixed point.
//
//   cost = (prompt - cached - writes) x prompt_price + cached x cached_price
//          + writes_5m x cache_write_price + writes_1h x cache_write_1h_price
//          + completion x completion_price
//          + images x per_image
//          + ceil(audio_ms x per_audio_minute / 60000)
// Reasoning tokens are part of completion tokens (as providers report them)
// and are billed at the completion price. Token and image products are exact
// (prices are integer Money units per token or per image). The audio term is
// the one place with a division: a minute's price spread over 60,000 ms is
// rounded UP to a whole Money unit (1e-10 USD) once per request, never per
// millisecond, so a request pays at most 1e-10 USD more than the exact
// fraction (whisper-1 at $0.006/min is exactly 1,000 units a millisecond and
// never rounds). Intermediate products use 128-bit integers; a cost that does
// not fit Money is an error (nullopt) rather than a wrong number.
//
// Default prices: a catalog model with no non-zero price (tokens, image or
// audio) that is neither ":free" nor a mock model has no real price; it is
// billed at kDefaultPrompt / kDefaultCompletion, except premium models
// (GPT-4/5, o1/o3/o4, Claude, Gemini Pro), which are refused instead.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/base/money.h"
#include "core/base/result.h"
#include "core/base/usage.h"
#include "core/catalog/catalog.h"

namespace gw {

struct BillingPrice {
  TokenPrice prompt;
  TokenPrice completion;
  TokenPrice cached_prompt;
  TokenPrice cache_write;     // 5-minute prompt-cache writes
  TokenPrice cache_write_1h;  // 1-hour prompt-cache writes
  Money per_image;            // USD per generated image, exact fixed point
  Money per_audio_minute;     // USD per minute of input audio, exact fixed point
  bool is_default = false;    // the catalog had no real price
  bool free = false;          // nothing to pay (":free" and mock models)
};

// $1.00 per million prompt tokens, $3.00 per million completion tokens.
inline constexpr TokenPrice kDefaultPrompt = TokenPrice::from_units_per_token(10'000);
inline constexpr TokenPrice kDefaultCompletion = TokenPrice::from_units_per_token(30'000);

bool is_premium_model(std::string_view canonical_id);

// The price to bill `model` at; kForbidden ("model_not_priced") for a premium
// model whose price would be a default.
Result<BillingPrice> billing_price(const CatalogModel& model);

// Exact cost of a finished request (the audio term rounded up, see above);
// negative counts are read as zero; nullopt on overflow.
std::optional<Money> usage_cost(const BillingPrice& price, const Usage& usage);
// The audio term alone: ceil(audio_ms x per_minute / 60000) in Money units;
// nullopt on overflow; zero for audio_ms <= 0.
std::optional<Money> audio_cost(Money per_minute, int64_t audio_ms);
// The same at the price gw bills `model` at; nullopt when it may not be billed.
std::optional<Money> usage_cost(const CatalogModel& model, const Usage& usage);
// The most a chat request can cost: every prompt token plus `max_completion`
// completion tokens (usage_cost of that Usage); nullopt on overflow.
std::optional<Money> max_cost(const BillingPrice& price, int64_t prompt_tokens, int64_t max_completion);
// How many completion tokens `budget` pays for after the prompt (0 if none).
int64_t affordable_completion_tokens(const BillingPrice& price, int64_t prompt_tokens, Money budget);

}  // namespace gw
