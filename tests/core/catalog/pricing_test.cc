// Exact costs (tokens, images, audio minutes with its one rounding rule) and
// the premium-model rule for default prices.
#include "core/catalog/pricing.h"

#include <doctest/doctest.h>

#include <limits>

namespace gw {
namespace {

CatalogModel model(std::string id, const char* prompt, const char* completion) {
  CatalogModel m;
  m.id = std::move(id);
  m.prompt_price = *TokenPrice::parse_per_million(prompt);
  m.completion_price = *TokenPrice::parse_per_million(completion);
  m.cached_prompt_price = m.prompt_price;
  m.context_length = 1000;
  return m;
}

Usage usage(int64_t prompt, int64_t completion, int64_t cached = 0) {
  Usage u;
  u.prompt_tokens = prompt;
  u.completion_tokens = completion;
  u.cached_tokens = cached;
  return u;
}

// A model priced only per image or per audio minute (USD, decimal strings).
CatalogModel media_model(std::string id, const char* per_image, const char* per_minute) {
  CatalogModel m = model(std::move(id), "0", "0");
  m.image_price = *Money::parse(per_image);
  m.audio_minute_price = *Money::parse(per_minute);
  return m;
}

Usage images(int64_t n) {
  Usage u;
  u.images = n;
  return u;
}

Usage audio(int64_t ms) {
  Usage u;
  u.audio_ms = ms;
  return u;
}

// A per-minute price given in Money units (1e-10 USD).
Money per_minute_units(int64_t units) { return Money::from_units(units); }

}  // namespace

TEST_CASE("cost = prompt tokens x prompt price + completion tokens x completion price, exactly") {
  auto p = *billing_price(model("openai/gpt-4o", "2.50", "10.00"));
  CHECK(usage_cost(p, usage(1000, 500))->to_string() == "0.0075");  // 0.0025 + 0.005
  CHECK(usage_cost(p, usage(0, 0)) == Money{});
  CHECK(usage_cost(p, usage(3, 1))->units() == 3 * 25'000 + 100'000);
}

TEST_CASE("tiny prices and huge token counts stay exact; overflow is reported, not wrapped") {
  auto tiny = *billing_price(model("meta-llama/x", "0.0001", "0.0001"));
  CHECK(usage_cost(tiny, usage(1, 0))->units() == 1);  // $0.0001/M = 1e-10 USD per token: one unit
  CHECK(usage_cost(tiny, usage(7, 0))->to_string() == "0.0000000007");
  auto big = *billing_price(model("anthropic/claude-opus-x", "75.00", "150.00"));
  CHECK(usage_cost(big, usage(1'000'000'000, 1'000'000'000))->to_string() == "225000.00");
  CHECK_FALSE(usage_cost(big, usage(int64_t{1} << 50, 0)));
}

TEST_CASE("cached prompt tokens are billed at the cached price") {
  CatalogModel m = model("openai/gpt-4o", "2.50", "10.00");
  m.cached_prompt_price = *TokenPrice::parse_per_million("1.25");
  auto p = *billing_price(m);
  CHECK(usage_cost(p, usage(1000, 0, 400))->to_string() == "0.002");  // 600 x 2.5/M + 400 x 1.25/M
}

TEST_CASE("each model has its own price") {
  auto gpt = *billing_price(model("openai/gpt-4o", "2.50", "10.00"));
  auto llama = *billing_price(model("meta-llama/llama-3.3-70b-instruct", "0.23", "0.40"));
  CHECK(usage_cost(gpt, usage(1000, 1000)) != usage_cost(llama, usage(1000, 1000)));
}

TEST_CASE("the maximum cost counts the prompt and every allowed completion token") {
  auto p = *billing_price(model("openai/gpt-4o", "2.50", "10.00"));
  CHECK(max_cost(p, 100, 1000)->units() == 100 * 25'000 + 1000 * 100'000);
  CHECK(affordable_completion_tokens(p, 100, Money::from_units(100 * 25'000 + 999)) == 0);
  CHECK(affordable_completion_tokens(p, 100, Money::from_units(100 * 25'000 + 250'000)) == 2);
}

TEST_CASE("premium models are refused when their price would be a default; others get the default") {
  for (const char* id : {"openai/gpt-4-turbo", "openai/gpt-5", "openai/o3-mini", "openai/o1", "openai/o4-mini",
                         "anthropic/claude-sonnet-4", "google/gemini-2.5-pro"}) {
    CAPTURE(id);
    CHECK(is_premium_model(id));
    auto p = billing_price(model(id, "0", "0"));
    REQUIRE_FALSE(p);
    CHECK(p.error().code == "model_not_priced");
    CHECK(billing_price(model(id, "1.00", "2.00")));  // explicit prices are fine
  }
  CHECK_FALSE(is_premium_model("google/gemini-2.5-flash"));
  auto open = billing_price(model("qwen/qwen3-235b", "0", "0"));
  REQUIRE(open);
  CHECK(open->is_default);
  CHECK(open->prompt == kDefaultPrompt);
  auto free = billing_price(model("qwen/qwen3-coder:free", "0", "0"));
  CHECK(free->free);
  CHECK_FALSE(free->is_default);
}

TEST_CASE("images cost n x the per-image price, exactly, on top of any tokens") {
  auto p = *billing_price(media_model("mock/image-priced", "0.04", "0"));
  CHECK_FALSE(p.free);
  CHECK(usage_cost(p, images(1))->to_string() == "0.04");
  CHECK(usage_cost(p, images(10))->to_string() == "0.40");
  CHECK(usage_cost(p, images(0)) == Money{});
  CHECK(usage_cost(p, images(-3)) == Money{});  // a negative count is read as none
  // gpt-image-1 bills tokens: $5/M text in, $40/M image out.
  auto gpt_image = *billing_price(model("openai/gpt-image-1", "5.00", "40.00"));
  Usage u = images(2);
  u.prompt_tokens = 10;
  u.completion_tokens = 2 * 4160;
  CHECK(usage_cost(gpt_image, u)->units() == 10 * 50'000 + int64_t{2} * 4160 * 400'000);
  CHECK(usage_cost(gpt_image, u)->to_string() == "0.33285");
}

TEST_CASE("audio costs the per-minute price pro rata by the millisecond") {
  auto whisper = *billing_price(media_model("openai/whisper-1", "0", "0.006"));
  CHECK(usage_cost(whisper, audio(60'000))->to_string() == "0.006");
  CHECK(usage_cost(whisper, audio(3'000))->to_string() == "0.0003");
  CHECK(usage_cost(whisper, audio(1))->units() == 1'000);  // $0.006/min is exactly 1,000 units a millisecond
  CHECK(usage_cost(whisper, audio(0)) == Money{});
  CHECK(usage_cost(whisper, audio(-5)) == Money{});
}

TEST_CASE("audio rounds up to a whole Money unit once per request, and never when the product is exact") {
  // $0.00185/min (Groq's whisper-large-v3) = 18,500,000 units a minute = 308 1/3 units a millisecond.
  auto groq = *billing_price(media_model("openai/whisper-large-v3", "0", "0.00185"));
  CHECK(usage_cost(groq, audio(3))->units() == 925);          // exactly 925: no rounding
  CHECK(usage_cost(groq, audio(1))->units() == 309);          // 308.33 -> 309
  CHECK(usage_cost(groq, audio(2))->units() == 617);          // 616.67 -> 617
  CHECK(usage_cost(groq, audio(1'000))->units() == 308'334);  // once per request, not 1,000 x 309
  CHECK(usage_cost(groq, audio(60'000))->units() == 18'500'000);
  // The boundary: one unit a millisecond exactly, and one unit either side of that price.
  CHECK(*audio_cost(per_minute_units(60'000), 1) == Money::from_units(1));
  CHECK(*audio_cost(per_minute_units(60'001), 1) == Money::from_units(2));
  CHECK(*audio_cost(per_minute_units(59'999), 1) == Money::from_units(1));
  CHECK(*audio_cost(per_minute_units(1), 60'000) == Money::from_units(1));
  CHECK(*audio_cost(per_minute_units(1), 60'001) == Money::from_units(2));
  CHECK(*audio_cost(per_minute_units(1), 1) == Money::from_units(1));
}

TEST_CASE("audio and image products beyond int64 are computed in 128 bits; a cost beyond Money is an error") {
  // 9e15 ms x 60,000,000 units/min overflows int64 before the division, but the cost fits.
  CHECK(audio_cost(*Money::parse("0.006"), 9'000'000'000'000'000)->units() == 9'000'000'000'000'000'000);
  CHECK_FALSE(audio_cost(*Money::parse("0.006"), 9'300'000'000'000'000));
  CHECK_FALSE(audio_cost(Money::dollars(1000), std::numeric_limits<int64_t>::max()));
  CHECK_FALSE(audio_cost(-Money::dollars(1), 1));  // not a price
  auto p = *billing_price(media_model("acme/image", "1000", "0"));
  CHECK_FALSE(usage_cost(p, images(int64_t{1} << 50)));
  Usage both = images(1);
  both.audio_ms = std::numeric_limits<int64_t>::max();
  auto whisper = *billing_price(media_model("acme/both", "1", "0.006"));
  CHECK_FALSE(usage_cost(whisper, both));
}

TEST_CASE("a model priced only per image or per minute is priced, not billed at the default") {
  auto whisper = billing_price(media_model("openai/whisper-1", "0", "0.006"));
  REQUIRE(whisper);
  CHECK_FALSE(whisper->is_default);
  CHECK(whisper->prompt == TokenPrice{});
  CHECK(whisper->per_audio_minute == *Money::parse("0.006"));
  auto image = billing_price(media_model("acme/painter", "0.04", "0"));
  REQUIRE(image);
  CHECK_FALSE(image->is_default);
  CHECK(image->per_image == *Money::parse("0.04"));
  // With no price at all, the default token price still applies, and premium models are still refused.
  auto unpriced = billing_price(media_model("acme/whisper", "0", "0"));
  CHECK(unpriced->is_default);
  CHECK(unpriced->per_audio_minute == Money{});
  CHECK_FALSE(billing_price(media_model("openai/gpt-5-image", "0", "0")));
  CHECK(billing_price(media_model("openai/gpt-5-image", "0.04", "0")));
}

}  // namespace gw

namespace gw {

TEST_CASE("pricing: prompt-cache writes cost 1.25x (5 minutes) and 2x (1 hour) of the prompt price, reads 0.1x") {
  // claude-sonnet-4.5 in the shipped catalog: $3 / $15, cached reads $0.30.
  const CatalogModel* m = Catalog::builtin().find("anthropic/claude-sonnet-4.5");
  REQUIRE(m != nullptr);
  CHECK(m->cache_write_price.per_million_string() == "3.75");
  CHECK(m->cache_write_1h_price.per_million_string() == "6.00");
  auto price = billing_price(*m);
  REQUIRE(price);
  Usage u;
  u.prompt_tokens = 1'000'000 + 2'000'000 + 3'000'000 + 4'000'000;  // plain + read + 5m write + 1h write
  u.cached_tokens = 2'000'000;
  u.cache_write_tokens = 3'000'000;
  u.cache_write_1h_tokens = 4'000'000;
  u.completion_tokens = 1'000'000;
  // 1 x $3 + 2 x $0.30 + 3 x $3.75 + 4 x $6 + 1 x $15 = $53.85, exactly.
  CHECK(usage_cost(*price, u)->to_string() == "53.85");
}

TEST_CASE("pricing: cache write counts never exceed the prompt they are part of") {
  CatalogModel m;
  m.id = "x/y";
  m.prompt_price = *TokenPrice::parse_per_million("1");
  m.cached_prompt_price = m.prompt_price;
  m.cache_write_price = *TokenPrice::parse_per_million("2");
  m.cache_write_1h_price = *TokenPrice::parse_per_million("4");
  auto price = billing_price(m);
  REQUIRE(price);
  Usage u;
  u.prompt_tokens = 1'000'000;
  u.cache_write_tokens = 5'000'000;  // a provider's nonsense: clamped to the prompt
  u.cache_write_1h_tokens = 5'000'000;
  CHECK(usage_cost(*price, u)->to_string() == "2.00");
}

}  // namespace gw
