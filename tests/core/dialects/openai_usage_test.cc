// Tests for core/dialects/openai_usage.h: reading usage (with cache and reasoning
// details) from OpenAI responses - chat, images and transcriptions - and
// estimating it when a provider sends none.
#include "core/dialects/openai_usage.h"

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

TEST_CASE("openai usage: an images answer's input and output tokens, and its images, are read") {
  json answer = json::parse(R"({"created":1713833628,"data":[{"b64_json":"iVBO"},{"b64_json":"iVBO"}],
      "usage":{"total_tokens":8340,"input_tokens":20,"output_tokens":8320,
               "input_tokens_details":{"text_tokens":20,"image_tokens":0,"cached_tokens":4}}})");
  Usage u = usage_from_completion(answer, 999);
  CHECK_FALSE(u.estimated);
  CHECK(u.prompt_tokens == 20);
  CHECK(u.completion_tokens == 8320);
  CHECK(u.cached_tokens == 4);
  CHECK(u.images == 2);
  CHECK(u.audio_ms == 0);
}

TEST_CASE("openai usage: images are the data items with a url or b64_json, with or without usage") {
  json urls = json::parse(R"({"created":1,"data":[{"url":"https://x/1.png","revised_prompt":"a"},
      {"url":"https://x/2.png"},{"revised_prompt":"no image"},"junk",{"b64_json":"AAAA"}]})");
  Usage u = usage_from_completion(urls, 7);
  CHECK(u.images == 3);
  CHECK(u.estimated);  // DALL-E answers carry no usage: the prompt is estimated
  CHECK(u.prompt_tokens == 7);
  CHECK(u.completion_tokens == 0);
  // Embeddings are data items too, but not images.
  json embeddings = json::parse(R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1]}],
      "usage":{"prompt_tokens":3,"total_tokens":3}})");
  CHECK(usage_from_completion(embeddings, 0).images == 0);
  CHECK(usage_from_completion(json::parse(R"({"data":{"url":"x"}})"), 0).images == 0);  // not an array
}

TEST_CASE("openai usage: a transcription's duration usage is read in milliseconds") {
  auto whole = parse_openai_usage(json::parse(R"({"type":"duration","seconds":3})"));
  REQUIRE(whole);
  CHECK(whole->audio_ms == 3000);
  CHECK(whole->prompt_tokens == 0);
  auto fractional = parse_openai_usage(json::parse(R"({"type":"duration","seconds":8.4703})"));
  REQUIRE(fractional);
  CHECK(fractional->audio_ms == 8470);  // nearest millisecond
  CHECK(parse_openai_usage(json::parse(R"({"type":"duration","seconds":0.0126})"))->audio_ms == 13);
  Usage u = usage_from_completion(json::parse(R"({"text":"hi","usage":{"type":"duration","seconds":2.5}})"), 0);
  CHECK_FALSE(u.estimated);
  CHECK(u.audio_ms == 2500);
  CHECK(u.images == 0);
}

TEST_CASE("openai usage: a token-billed transcription reads input and output tokens") {
  auto u = parse_openai_usage(json::parse(R"({"type":"tokens","input_tokens":14,"output_tokens":45,
      "total_tokens":59,"input_token_details":{"text_tokens":0,"audio_tokens":14}})"));
  REQUIRE(u);
  CHECK(u->prompt_tokens == 14);
  CHECK(u->completion_tokens == 45);
  CHECK(u->audio_ms == 0);
}

TEST_CASE("openai usage: verbose_json's top-level duration counts when there is no usage") {
  json verbose = json::parse(R"({"task":"transcribe","language":"english","duration":8.470000267028809,
      "text":"The beach was a popular spot.","segments":[]})");
  Usage u = usage_from_completion(verbose, 0);
  CHECK_FALSE(u.estimated);
  CHECK(u.audio_ms == 8470);
  // usage, when present, wins over the top-level duration
  verbose["usage"] = {{"type", "duration"}, {"seconds", 9}};
  CHECK(usage_from_completion(verbose, 0).audio_ms == 9000);
}

TEST_CASE("openai usage: negative, string or missing media counts are ignored, never billed") {
  for (const char* bad :
       {R"({"type":"duration","seconds":-1})", R"({"type":"duration","seconds":"12"})", R"({"type":"duration"})",
        R"({"type":"duration","seconds":null})", R"({"type":"duration","seconds":1e300})",
        R"({"input_tokens":-3,"output_tokens":5})", R"({"input_tokens":"3","output_tokens":5})",
        R"({"input_tokens":3,"output_tokens":-5})", R"({"output_tokens":5})", R"({"type":"tokens"})"}) {
    CAPTURE(bad);
    CHECK(parse_openai_usage(json::parse(bad)) == std::nullopt);
  }
  // A malformed usage and a malformed duration fall back to the estimate, with no audio.
  for (const char* bad : {R"({"text":"x","duration":-4})", R"({"text":"x","duration":"4.0"})",
                          R"({"text":"x","usage":{"type":"duration","seconds":"4"},"duration":true})"}) {
    CAPTURE(bad);
    Usage u = usage_from_completion(json::parse(bad), 0);
    CHECK(u.estimated);
    CHECK(u.audio_ms == 0);
  }
}

}  // namespace gw

namespace gw {
namespace {

// Usage read from an answer's text against the same read from its tree.
void check_same(const Usage& from_text, const Usage& from_tree) {
  CHECK(from_text.prompt_tokens == from_tree.prompt_tokens);
  CHECK(from_text.completion_tokens == from_tree.completion_tokens);
  CHECK(from_text.cached_tokens == from_tree.cached_tokens);
  CHECK(from_text.reasoning_tokens == from_tree.reasoning_tokens);
  CHECK(from_text.estimated == from_tree.estimated);
  CHECK(from_text.images == from_tree.images);
  CHECK(from_text.audio_ms == from_tree.audio_ms);
}

}  // namespace

TEST_CASE("openai usage: read from the text, usage is the same as from the parsed answer, for every shape") {
  const std::string_view answers[] = {
      R"({"choices":[{"message":{"content":"hello there"}}],"usage":{"prompt_tokens":9,"completion_tokens":5,)"
      R"("prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2}}})",
      R"({"choices":[{"message":{"content":"no usage at all, so estimated"}}]})",
      R"({"choices":[{"message":{"content":"usage is null"}}],"usage":null})",
      R"({"choices":[{"message":{"content":"broken usage"}}],"usage":{"prompt_tokens":"nine"}})",
      R"({"choices":[{"message":{"tool_calls":[{"function":{"name":"f","arguments":"{}"}}]}}]})",
      R"({"data":[{"url":"https://x/1.png"},{"b64_json":"AAAA"}],"usage":{"input_tokens":20,"output_tokens":100}})",
      R"({"text":"hi","duration":2.5})",
      R"({"text":"hi","usage":{"type":"duration","seconds":3}})",
      R"({"object":"list","data":[{"embedding":[0.1]}],"usage":{"prompt_tokens":3,"total_tokens":3}})",
  };
  for (std::string_view text : answers) {
    CAPTURE(text);
    auto from_text = usage_from_completion_text(text, 7);
    REQUIRE(from_text);
    check_same(*from_text, usage_from_completion(json::parse(text), 7));
  }
  CHECK_FALSE(usage_from_completion_text("not json", 7));
  CHECK_FALSE(usage_from_completion_text(R"([{"usage":{"prompt_tokens":1}}])", 7));
  CHECK_FALSE(usage_from_completion_text(R"({"usage":{"prompt_tokens":1}} trailing)", 7));
}

TEST_CASE("openai usage: a usage object read from its text reads as from the tree, number edges and repeats included") {
  const std::string_view usages[] = {
      R"({"prompt_tokens":9,"completion_tokens":5})",
      R"({"prompt_tokens":9,"completion_tokens":5,"prompt_tokens":11})",  // the last of a repeated name
      R"({"prompt_tokens":0,"completion_tokens":-0})",
      R"({"prompt_tokens":-1,"completion_tokens":5})",
      R"({"prompt_tokens":9,"completion_tokens":-5})",
      R"({"prompt_tokens":9.0,"completion_tokens":5})",
      R"({"prompt_tokens":9e0,"completion_tokens":5})",
      R"({"prompt_tokens":9223372036854775807,"completion_tokens":9223372036854775808})",
      R"({"prompt_tokens":18446744073709551615,"completion_tokens":1})",
      R"({"prompt_tokens":18446744073709551616,"completion_tokens":1})",
      R"({"prompt_tokens":-9223372036854775808,"completion_tokens":1})",
      R"({"prompt_tokens":-9223372036854775809,"completion_tokens":1})",
      R"({"prompt_tokens":true,"completion_tokens":null})",
      R"({"prompt_tokens":3,"prompt_tokens_details":{"cached_tokens":2,"cached_tokens":1}})",
      R"({"prompt_tokens":3,"prompt_tokens_details":[1,2],"completion_tokens_details":"x"})",
      R"({"prompt_tokens":3,"completion_tokens_details":{"reasoning_tokens":{"n":1}}})",
      R"({ "prompt_tokens" : 3 , "completion_tokens_details" : { "reasoning_tokens" : 4 } })",
      R"({"type":"duration","seconds":2.5})",
      R"({"type":"duration","seconds":0.0004})",
      R"({"type":"duration","seconds":0.0005})",
      R"({"type":"duration","seconds":1e12})",
      R"({"type":"duration","seconds":1.0000001e12})",
      R"({"type":"duration","seconds":1e-400})",
      R"({"type":"duration","seconds":-0.0})",
      R"({"type":"duration","seconds":-1})",
      R"({"type":"duration","seconds":"3"})",
      R"({"type":"duration"})",
      R"({"type":"durations","seconds":3})",
      R"({"type":"dur\u0061tion","seconds":3})",
      R"({"type":"tokens","input_tokens":20,"output_tokens":7,"input_tokens_details":{"cached_tokens":5}})",
      R"({"input_tokens":20,"output_tokens_details":{"reasoning_tokens":3}})",
      R"({"prompt\u005ftokens":4,"completion_tokens":1})",  // an escaped name: the tree decodes it
      R"({"prompt_tokens":4,"prompt_tokens_details":{"cached\u005ftokens":3}})",
      R"({"note":"a \"quoted\" \\ string","prompt_tokens":4,"list":[{"prompt_tokens":99}]})",
      R"({})",
      R"([])",
      R"("usage")",
      R"(17)",
  };
  for (std::string_view u : usages) {
    CAPTURE(u);
    const std::string text =
        R"({"choices":[{"message":{"content":"some words here"}}],"usage":)" + std::string(u) + "}";
    auto from_text = usage_from_completion_text(text, 7);
    REQUIRE(from_text);
    check_same(*from_text, usage_from_completion(json::parse(text), 7));
  }
}

TEST_CASE("openai usage: counts beyond kMaxTokenCount, or beyond int64, are an overflow, read alike from the text") {
  for (const char* usage :
       {R"({"prompt_tokens":1e30,"completion_tokens":1})",
        R"({"prompt_tokens":9223372036854775808,"completion_tokens":1})",
        R"({"prompt_tokens":1000000000001,"completion_tokens":1})", R"({"prompt_tokens":1,"completion_tokens":1e300})",
        R"({"prompt_tokens":1,"completion_tokens":1,"completion_tokens_details":{"reasoning_tokens":2e19}})",
        R"({"input_tokens":1e30,"output_tokens":1})"}) {
    INFO(usage);
    auto tree = parse_openai_usage(json::parse(usage));
    REQUIRE(tree.has_value());
    CHECK(tree->overflow);
    CHECK(tree->total() == 0);
    auto text = usage_from_completion_text(std::string(R"({"usage":)") + usage + "}", 7);
    REQUIRE(text.has_value());
    CHECK(text->overflow);
  }
  auto at_limit = parse_openai_usage(json::parse(R"({"prompt_tokens":1000000000000,"completion_tokens":1})"));
  REQUIRE(at_limit.has_value());
  CHECK_FALSE(at_limit->overflow);
  CHECK(at_limit->prompt_tokens == kMaxTokenCount);
}

}  // namespace gw
