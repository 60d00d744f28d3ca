// The shape of a passed-through OpenAI chat answer (openai_chat_shape.h).
#include "core/dialects/openai_chat_shape.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

using gw::normalize_chat_answer_object;

namespace {

// Normalizes all of `text` and returns it.
std::string shaped(std::string text, std::string_view native = "llama-3.3-70b",
                   std::string_view canonical = "meta/llama-3.3-70b") {
  normalize_chat_answer_object(text, 0, text.size(), native, canonical);
  return text;
}

}  // namespace

TEST_CASE("chat shape: a host's own top-level members are dropped; documented ones and choices' insides stay") {
  const std::string answer =
      R"({"id":"c1","object":"chat.completion","created":1,"model":"llama-3.3-70b","x_groq":{"id":"req_1"},)"
      R"("choices":[{"index":0,"message":{"role":"assistant","content":"hi","reasoning_content":"r"},)"
      R"("finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2},)"
      R"("system_fingerprint":"fp","service_tier":"default","provider":"Groq","prompt_filter_results":[]})";
  auto j = nlohmann::json::parse(shaped(answer));
  CHECK_FALSE(j.contains("x_groq"));
  CHECK_FALSE(j.contains("provider"));
  CHECK_FALSE(j.contains("prompt_filter_results"));
  CHECK(j["model"] == "meta/llama-3.3-70b");
  for (const char* kept : {"id", "object", "created", "choices", "usage", "system_fingerprint", "service_tier"})
    CHECK(j.contains(kept));
  CHECK(j["choices"][0]["message"]["reasoning_content"] == "r");
}

TEST_CASE("chat shape: a chunk's obfuscation stays (OpenAI documents it)") {
  const std::string chunk =
      R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"obfuscation":"x1"})";
  auto j = nlohmann::json::parse(shaped(chunk, "gpt-4o", "openai/gpt-4o"));
  CHECK(j["obfuscation"] == "x1");
  CHECK(j["model"] == "openai/gpt-4o");
}

TEST_CASE("chat shape: only the model renamed leaves every other byte as it was") {
  const std::string answer = "{ \"id\" : \"c1\",\n  \"model\": \"gpt-4o\", \"choices\": [ ] }";
  CHECK(shaped(answer, "gpt-4o", "openai/gpt-4o") ==
        "{ \"id\" : \"c1\",\n  \"model\": \"openai/gpt-4o\", \"choices\": [ ] }");
}

TEST_CASE("chat shape: nothing to change is no change, and a model the provider renamed is left alone") {
  std::string answer = R"({"id":"c1","model":"gpt-4o-2024-08-06","choices":[]})";
  CHECK_FALSE(normalize_chat_answer_object(answer, 0, answer.size(), "gpt-4o", "openai/gpt-4o"));
  CHECK(answer == R"({"id":"c1","model":"gpt-4o-2024-08-06","choices":[]})");
  std::string same = R"({"model":"mock/echo"})";
  CHECK_FALSE(normalize_chat_answer_object(same, 0, same.size(), "mock/echo", "mock/echo"));
}

TEST_CASE("chat shape: an object inside a larger text (an SSE event) is shaped in place") {
  std::string event = "data: {\"model\":\"m\",\"x_extra\":1,\"choices\":[]}\n\n";
  REQUIRE(normalize_chat_answer_object(event, 6, event.size() - 8, "m", "p/m"));
  CHECK(event == "data: {\"model\":\"p/m\",\"choices\":[]}\n\n");
}

TEST_CASE("chat shape: one pass over a whole answer reads its usage and makes its shape") {
  std::string answer =
      R"({"id":"c1","object":"chat.completion","model":"llama-3.3-70b","x_groq":{"id":"q"},"choices":[],)"
      R"("usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":2}}})";
  auto usage = gw::read_chat_answer(answer, 99, "llama-3.3-70b", "meta/llama-3.3-70b");
  REQUIRE(usage);
  CHECK(usage->prompt_tokens == 7);
  CHECK(usage->completion_tokens == 3);
  CHECK(usage->cached_tokens == 2);
  CHECK_FALSE(usage->estimated);
  auto j = nlohmann::json::parse(answer);
  CHECK_FALSE(j.contains("x_groq"));
  CHECK(j["model"] == "meta/llama-3.3-70b");

  std::string bare = R"({"model":"m","choices":[{"message":{"content":"four"}}],"data":[]})";
  auto estimated = gw::read_chat_answer(bare, 5, "m", "p/m");
  REQUIRE(estimated);
  CHECK(estimated->estimated);
  CHECK(estimated->prompt_tokens == 5);
  CHECK(bare == R"({"model":"p/m","choices":[{"message":{"content":"four"}}]})");

  std::string not_json = "{\"model\":";
  CHECK_FALSE(gw::read_chat_answer(not_json, 1, "m", "p/m"));
  CHECK(not_json == "{\"model\":");
}
