// What qualifies for the semantic cache and what its context holds
// (core/cache/semantic_question.h): short plain conversations only; the
// context is everything but the last user turn's text.
#include "core/cache/semantic_question.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {
namespace {

SemanticQuestion ask(const std::string& body, std::string_view tenant = "user u1", std::string_view model = "m",
                     std::string_view route = "/v1/chat/completions") {
  return semantic_question(CacheKeyInput{route, model, tenant, body, {}}, {});
}

std::string chat(const std::string& question, const std::string& extra = "") {
  return R"({"model":"m","temperature":0,"messages":[{"role":"system","content":"Be brief."},)"
         R"({"role":"user","content":")" +
         question + R"("}])" + extra + "}";
}

}  // namespace

TEST_CASE("semantic question: a plain chat qualifies; its question is the last user turn") {
  auto q = ask(chat("What is a monad?"));
  CHECK(q.skip == "");
  CHECK(q.prompt == "What is a monad?");
  CHECK(q.context.size() == 64);
  // Another question in the same conversation shares the context.
  CHECK(ask(chat("Explain monads")).context == q.context);
}

TEST_CASE("semantic question: the context changes with tenant, model, route, system prompt and parameters") {
  const std::string context = ask(chat("hi there")).context;
  CHECK(ask(chat("hi there"), "user u2").context != context);
  CHECK(ask(chat("hi there"), "user u1", "other-model").context != context);
  CHECK(ask(chat("hi there"), "user u1", "m", "/v1/messages").context != context);
  CHECK(ask(chat("hi there", R"(,"max_tokens":5)")).context != context);
  std::string other_system = chat("hi there");
  other_system.replace(other_system.find("Be brief."), 9, "Be long.");
  CHECK(ask(other_system).context != context);
  const std::string body = chat("hi there");  // held: the key's input only views it
  auto headers = CacheKeyInput{"/v1/chat/completions", "m", "user u1", body, {{"openai-beta", "x"}}};
  CHECK(semantic_question(headers, {}).context != context);
}

TEST_CASE("semantic question: tools, tool turns, images, long chats and long questions do not qualify") {
  CHECK(ask(chat("hi", R"(,"tools":[{"type":"function","function":{"name":"f"}}])")).skip == "tools are offered");
  CHECK(ask(R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[]},)"
            R"({"role":"tool","tool_call_id":"1","content":"r"},{"role":"user","content":"q2"}]})")
            .skip != "");
  CHECK(ask(R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]})").skip ==
        "a content part is not text");
  CHECK(ask(R"({"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"1"}]}]})").skip != "");
  CHECK(ask(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},)"
            R"({"role":"user","content":"c"},{"role":"assistant","content":"d"},{"role":"user","content":"e"}]})")
            .skip == "the conversation is too long");
  CHECK(ask(chat(std::string(2001, 'x'))).skip == "the question is too long");
  CHECK(ask(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})").skip ==
        "the last turn is not the user's");
  CHECK(ask(R"({"input":"hi","previous_response_id":"resp_1"})", "t", "m", "/v1/responses").skip != "");
}

TEST_CASE("semantic question: Anthropic text parts and Responses input qualify") {
  auto parts = ask(R"({"system":"s","messages":[{"role":"user","content":[{"type":"text","text":"a"},)"
                   R"({"type":"text","text":"b"}]}]})",
                   "t", "m", "/v1/messages");
  CHECK(parts.skip == "");
  CHECK(parts.prompt == "a\nb");
  auto responses = ask(R"({"instructions":"s","input":"what is rust"})", "t", "m", "/v1/responses");
  CHECK(responses.skip == "");
  CHECK(responses.prompt == "what is rust");
}

}  // namespace gw
