// The quiet line after each answer and the /usage totals.
#include "core/chat/turn_stats.h"

#include <doctest/doctest.h>

#include "core/catalog/pricing.h"

namespace gw {

TEST_CASE("quiet line: model, provider, tokens, exact cost and latency") {
  TurnStats s;
  s.model = "openai/gpt-4o";
  s.provider = "openrouter";
  s.usage.prompt_tokens = 12;
  s.usage.completion_tokens = 8;
  s.cost = Money::parse("0.00011");
  s.latency_ms = 142;
  CHECK(quiet_line(s) ==
        "openai/gpt-4o via openrouter \xC2\xB7 12\xE2\x86\x92"
        "8 tokens \xC2\xB7 $0.00011 \xC2\xB7 142 ms");
  s.cost.reset();
  s.provider.clear();
  s.usage.estimated = true;
  CHECK(quiet_line(s) ==
        "openai/gpt-4o \xC2\xB7 ~12\xE2\x86\x92"
        "8 tokens \xC2\xB7 142 ms");
}

TEST_CASE("quiet line: a free answer from gw's response cache says what it saved, not its cost") {
  TurnStats s;
  s.model = "mock/echo";
  s.provider = "cache";
  s.usage.prompt_tokens = 4;
  s.usage.completion_tokens = 4;
  s.cost = Money{};
  s.saved = Money::parse("0.000012");
  CHECK(quiet_line(s) ==
        "mock/echo via cache \xC2\xB7 4\xE2\x86\x92"
        "4 tokens \xC2\xB7 saved $0.000012 \xC2\xB7 0 ms");
  UsageTotals totals;
  totals.add(s);
  totals.add(s);
  CHECK(totals.cost() == Money{});
  CHECK(totals.saved() == Money::parse("0.000024"));
  CHECK(totals.report().find("$0.00, $0.000024 saved by the cache") != std::string::npos);
}

TEST_CASE("usage cost: catalog prices times tokens, cached tokens at the cached price") {
  const CatalogModel* gpt4o = Catalog::builtin().find("openai/gpt-4o");
  REQUIRE(gpt4o);
  Usage u;
  u.prompt_tokens = 1000;  // 400 of them cached
  u.cached_tokens = 400;
  u.completion_tokens = 100;
  // 600 x $2.50/M + 400 x $1.25/M + 100 x $10/M = $0.0015 + $0.0005 + $0.001
  CHECK(usage_cost(*gpt4o, u) == Money::parse("0.003"));
}

TEST_CASE("usage totals: exact sums, per model, unknown prices flagged") {
  UsageTotals t;
  TurnStats a{"openai/gpt-4o", "openai", {10, 5, 0, 0, false}, Money::parse("0.0000750"), 10};
  TurnStats b{"mock/echo", "mock", {3, 3, 0, 0, false}, Money(), 1};
  t.add(a);
  t.add(a);
  t.add(b);
  CHECK(t.answers() == 3);
  CHECK(t.prompt_tokens() == 23);
  CHECK(t.cost() == Money::parse("0.00015"));
  CHECK(t.report() ==
        "this session: 3 answers, 23 prompt + 13 completion tokens, $0.00015\n"
        "  mock/echo: 1 answer, 6 tokens, $0.00\n"
        "  openai/gpt-4o: 2 answers, 30 tokens, $0.00015\n");
  TurnStats unknown{"x/y", "", {1, 1, 0, 0, false}, std::nullopt, 1};
  t.add(unknown);
  CHECK(t.report().find("$0.00015 (some prices unknown)") != std::string::npos);
}

}  // namespace gw
