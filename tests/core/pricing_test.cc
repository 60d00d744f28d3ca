// Exact costs and the premium-model rule for default prices.
#include <doctest/doctest.h>

#include "core/pricing.h"

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

}  // namespace gw
