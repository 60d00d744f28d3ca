#include "core/router/code_tier.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

CodeTier tier_of(const std::string& prompt) { return classify_code_tier(read_prompt_signals(prompt)).tier; }

nlohmann::json tool_loop(int calls) {
  nlohmann::json msgs = nlohmann::json::array({{{"role", "user"}, {"content", "run the tests and fix what fails"}}});
  for (int i = 0; i < calls; ++i) {
    msgs.push_back({{"role", "assistant"},
                    {"content", nullptr},
                    {"tool_calls",
                     {{{"id", "c" + std::to_string(i)},
                       {"type", "function"},
                       {"function", {{"name", "bash"}, {"arguments", "{}"}}}}}}});
    msgs.push_back({{"role", "tool"}, {"tool_call_id", "c" + std::to_string(i)}, {"content", "ok"}});
  }
  return {{"messages", msgs}, {"tools", {{{"type", "function"}, {"function", {{"name", "bash"}}}}}}};
}

}  // namespace

TEST_CASE("CM-4.2.6: a simple prompt and a complex one get different tiers") {
  CHECK(tier_of("what is the syntax for a list comprehension in python?") == CodeTier::kSimple);
  const std::string trace =
      "My service crashes:\n```python\ndef load(p):\n    return json.load(open(p))\n```\n"
      "Traceback (most recent call last):\n  File \"app/main.py\", line 12, in <module>\n    load(x)\n"
      "json.decoder.JSONDecodeError: Expecting value";
  CHECK(tier_of(trace) == CodeTier::kComplex);
  CHECK(tier_of(trace) > tier_of("what is the syntax for a list comprehension in python?"));
}

TEST_CASE("each tier's rule fires on its named signal and says so") {
  SUBCASE("a code block alone is moderate") {
    auto v = classify_code_tier(read_prompt_signals("why is this slow?\n```js\nfor (const x of xs) f(x)\n```"));
    CHECK(v.tier == CodeTier::kModerate);
    CHECK(v.reason == "code_blocks=1>=1");
  }
  SUBCASE("three source files named is complex") {
    auto v = classify_code_tier(read_prompt_signals("move the parser from src/a.py into src/b.py and update src/c.py"));
    CHECK(v.tier == CodeTier::kComplex);
    CHECK(v.reason == "files=3>=3");
  }
  SUBCASE("a long diff is complex") {
    std::string diff = "review:\ndiff --git a/x.go b/x.go\n--- a/x.go\n+++ b/x.go\n";
    for (int i = 0; i < 6; ++i) diff += "@@ -" + std::to_string(i) + " +" + std::to_string(i) + " @@\n+x\n";
    CHECK(classify_code_tier(read_prompt_signals(diff)).tier == CodeTier::kComplex);
  }
  SUBCASE("two design-level words are complex") {
    CHECK(tier_of("refactor the cache layer to remove the race condition") == CodeTier::kComplex);
  }
  SUBCASE("a small-task word keeps a short prompt simple even with a file name") {
    CHECK(tier_of("fix the typo in README.md") == CodeTier::kSimple);
  }
  SUBCASE("a long prompt is complex by size") {
    auto v = classify_code_tier(read_prompt_signals(std::string(4 * kComplexTokens, 'a')));
    CHECK(v.tier == CodeTier::kComplex);
    CHECK(v.reason.rfind("prompt_tokens=", 0) == 0);
  }
}

TEST_CASE("tool-call loops and agent harness markers are agentic") {
  CHECK(classify_code_tier(read_signals(tool_loop(2))).tier == CodeTier::kAgentic);  // 2 calls + 2 results
  CHECK(classify_code_tier(read_signals(tool_loop(2))).reason == "tool_calls=4>=3");
  nlohmann::json harness = {{"messages",
                             {{{"role", "system"}, {"content", "You are Claude Code, Anthropic's official CLI."}},
                              {{"role", "user"}, {"content", "hi"}}}}};
  auto v = classify_code_tier(read_signals(harness));
  CHECK(v.tier == CodeTier::kAgentic);
  CHECK(v.reason == "harness=\"you are claude code\"");
  nlohmann::json tools_only = {{"messages", {{{"role", "user"}, {"content", "what's the weather"}}}},
                               {"tools", {{{"type", "function"}, {"function", {{"name", "weather"}}}}}}};
  CHECK(classify_code_tier(read_signals(tools_only)).tier == CodeTier::kComplex);
}

TEST_CASE("the classifier is deterministic and the stable prefix is system + first user turn") {
  auto a = read_signals(tool_loop(3));
  auto b = read_signals(tool_loop(3));
  CHECK(classify_code_tier(a).reason == classify_code_tier(b).reason);
  CHECK(a.stable_prefix == "user:run the tests and fix what fails\n");
  CHECK(a.stable_prefix == read_signals(tool_loop(1)).stable_prefix);
}

TEST_CASE("tier names round-trip") {
  for (CodeTier t : {CodeTier::kSimple, CodeTier::kModerate, CodeTier::kComplex, CodeTier::kAgentic})
    CHECK(parse_code_tier(code_tier_name(t)) == t);
  CHECK_FALSE(parse_code_tier("hard"));
}

}  // namespace gw
