// Tests for core/openai_usage.h: reading usage (with cache and reasoning
// details) from OpenAI responses, and estimating it when a provider sends none.
#include "core/openai_usage.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

using nlohmann::json;

}  // namespace

TEST_CASE("openai usage: prompt, completion, cached and reasoning tokens are read") {
  json u = json::parse(R"({"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,
      "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},
      "completion_tokens_details":{"reasoning_tokens":128,"audio_tokens":0}})");
  auto usage = parse_openai_usage(u);
  REQUIRE(usage.has_value());
  CHECK(usage->prompt_tokens == 1200);
  CHECK(usage->completion_tokens == 300);
  CHECK(usage->cached_tokens == 1024);
  CHECK(usage->reasoning_tokens == 128);
  CHECK(usage->total() == 1500);
  CHECK_FALSE(usage->estimated);
}

TEST_CASE("openai usage: missing details count as zero") {
  auto usage = parse_openai_usage(json::parse(R"({"prompt_tokens":10,"completion_tokens":5})"));
  REQUIRE(usage.has_value());
  CHECK(usage->cached_tokens == 0);
  CHECK(usage->reasoning_tokens == 0);
  auto null_details = parse_openai_usage(json::parse(
      R"({"prompt_tokens":10,"completion_tokens":5,"prompt_tokens_details":null,"completion_tokens_details":null})"));
  REQUIRE(null_details.has_value());
  CHECK(null_details->cached_tokens == 0);
}

TEST_CASE("openai usage: missing, null or malformed usage is not usage") {
  CHECK(parse_openai_usage(json()) == std::nullopt);
  CHECK(parse_openai_usage(json::object()) == std::nullopt);
  CHECK(parse_openai_usage(json::parse(R"({"completion_tokens":5})")) == std::nullopt);
  CHECK(parse_openai_usage(json::parse(R"({"prompt_tokens":"10","completion_tokens":5})")) == std::nullopt);
  CHECK(parse_openai_usage(json::parse(R"({"prompt_tokens":-1,"completion_tokens":5})")) == std::nullopt);
  CHECK(parse_openai_usage(json::parse(R"({"prompt_tokens":1,"completion_tokens":-5})")) == std::nullopt);
  CHECK(parse_openai_usage(json::parse("[1,2]")) == std::nullopt);
}

TEST_CASE("openai usage: a null detail count is read as zero, not thrown") {
  json u = json::parse(R"({"prompt_tokens":10,"completion_tokens":5,
      "prompt_tokens_details":{"cached_tokens":null},"completion_tokens_details":{"reasoning_tokens":null}})");
  auto parsed = parse_openai_usage(u);
  REQUIRE(parsed.has_value());
  CHECK(parsed->cached_tokens == 0);
  CHECK(parsed->reasoning_tokens == 0);
  CHECK(parsed->completion_tokens == 5);
}

TEST_CASE("openai usage: a completion with usage reports it exactly") {
  json completion = json::parse(R"({"choices":[{"message":{"role":"assistant","content":"hello there"}}],
      "usage":{"prompt_tokens":7,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":3}}})");
  Usage u = usage_from_completion(completion, 999);
  CHECK_FALSE(u.estimated);
  CHECK(u.prompt_tokens == 7);
  CHECK(u.completion_tokens == 2);
  CHECK(u.cached_tokens == 3);
}

TEST_CASE("openai usage: a completion without usage is estimated and marked so") {
  json completion = json::parse(R"({"choices":[
      {"message":{"role":"assistant","content":"abcdefghij"}},
      {"message":{"role":"assistant","content":"xyz"}}]})");
  Usage u = usage_from_completion(completion, 42);
  CHECK(u.estimated);
  CHECK(u.prompt_tokens == 42);
  CHECK(u.completion_tokens == estimate_tokens("abcdefghij") + estimate_tokens("xyz"));
  CHECK(u.completion_tokens == 4);
  CHECK(u.cached_tokens == 0);
}

TEST_CASE("openai usage: tool calls count toward the estimated completion") {
  json completion = json::parse(R"({"choices":[{"message":{"role":"assistant","content":null,
      "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}}]})");
  Usage u = usage_from_completion(completion, 5);
  CHECK(u.estimated);
  CHECK(u.completion_tokens == estimate_tokens(completion["choices"][0]["message"]["tool_calls"].dump()));
  CHECK(u.completion_tokens > 0);
}

TEST_CASE("openai usage: null or broken usage in a completion falls back to the estimate") {
  json with_null = json::parse(R"({"choices":[{"message":{"content":"abcd"}}],"usage":null})");
  Usage u = usage_from_completion(with_null, 3);
  CHECK(u.estimated);
  CHECK(u.prompt_tokens == 3);
  CHECK(u.completion_tokens == 1);

  Usage garbage = usage_from_completion(json("not an object"), 8);
  CHECK(garbage.estimated);
  CHECK(garbage.prompt_tokens == 8);
  CHECK(garbage.completion_tokens == 0);
}

}  // namespace gw
