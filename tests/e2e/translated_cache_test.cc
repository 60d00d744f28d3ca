// E2E: prompt caching across dialects. An OpenAI chat caller reaching a
// model only Anthropic serves is translated; its cache_control markers reach
// Anthropic (gw mock, which caches as Anthropic does), and what Anthropic
// reports is billed at its own prices: cache writes at cache_write (1.25x
// the prompt price for 5 minutes), reads at cached_prompt, exactly.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/e2e/support/ledger.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

// anthropic/claude-sonnet-4.5 (catalog): $3.00 per 1M prompt tokens, $15.00
// completion, $0.30 cached, cache writes 1.25x the prompt price; in 1e-10
// USD units per token.
constexpr int64_t kPrompt = 30'000, kCompletion = 150'000, kCached = 3'000, kWrite = 37'500;

json chat_with_cache_marker() {
  json system = {{"role", "system"},
                 {"content", json::array({{{"type", "text"},
                                           {"text", "You are terse. " + std::string(800, 'c')},
                                           {"cache_control", {{"type", "ephemeral"}}}}})}};
  return {{"model", "anthropic/claude-sonnet-4.5"},
          {"max_tokens", 64},
          {"messages", json::array({system, {{"role", "user"}, {"content", "cache me"}}})}};
}

}  // namespace

TEST_CASE("translated: an OpenAI caller's cache writes and reads at Anthropic are billed at their own prices") {
  Stack stack("[providers.anthropic]\nbase_url = \"${MOCK}/v1\"\napi_key = \"sk-ant-provider\"\n");
  auto c = client(stack.serve.port());
  const std::string key = create_user_key(c, "cachy", "dev");
  REQUIRE(!key.empty());
  auto ask = [&] {
    auto r = c.Post("/v1/chat/completions", bearer(key), chat_with_cache_marker().dump(), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json_of(r)["usage"];
  };

  // First: the marked prefix is written. The OpenAI usage has no place for
  // writes: they are in prompt_tokens and not cached_tokens, and cost 1.25x.
  json first = ask();
  REQUIRE(eventually([&] { return charges(c, "cachy").size() == 1; }));
  const int64_t prompt1 = first["prompt_tokens"], completion1 = first["completion_tokens"];
  CHECK(first["prompt_tokens_details"]["cached_tokens"] == 0);
  const int64_t at_prompt_price = prompt1 * kPrompt + completion1 * kCompletion;
  const int64_t extra = -charges(c, "cachy")[0] - at_prompt_price;  // what the writes cost above the prompt price
  CHECK(extra > 0);
  CHECK(extra % (kWrite - kPrompt) == 0);
  const int64_t writes = extra / (kWrite - kPrompt);
  CHECK(writes > 100);  // the 800-character system text, ~4 characters a token
  CHECK(writes < prompt1);

  // Second: the same prefix is read, at the cached price.
  json second = ask();
  REQUIRE(eventually([&] { return charges(c, "cachy").size() == 2; }));
  const int64_t cached = second["prompt_tokens_details"]["cached_tokens"];
  CHECK(cached == writes);
  const int64_t prompt2 = second["prompt_tokens"], completion2 = second["completion_tokens"];
  CHECK(-charges(c, "cachy")[0] == (prompt2 - cached) * kPrompt + cached * kCached + completion2 * kCompletion);
}
