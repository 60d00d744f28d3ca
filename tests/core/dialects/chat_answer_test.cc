// Reading chat completions as gw chat shows them: whole or streamed.
#include "core/dialects/chat_answer.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

const std::string kStream =
    "data: {\"model\":\"mock/echo\",\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
    "data: {\"model\":\"mock/echo\",\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n"
    "data: {\"model\":\"mock/echo\",\"choices\":[{\"delta\":{\"content\":\" world\"},\"finish_reason\":null}]}\n\n"
    "data: {\"model\":\"mock/echo\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"model\":\"mock/echo\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
    "data: [DONE]\n\n";

}  // namespace

TEST_CASE("stream: text deltas, model, finish reason and usage, however the bytes are split") {
  for (size_t step : {size_t{1}, size_t{5}, size_t{64}, kStream.size()}) {
    ChatStreamReader reader;
    std::string text;
    for (size_t i = 0; i < kStream.size(); i += step) REQUIRE(reader.feed(kStream.substr(i, step), text).ok());
    CHECK(text == "Hello world");
    CHECK(reader.done());
    CHECK(reader.answer().model == "mock/echo");
    CHECK(reader.answer().finish_reason == "stop");
    REQUIRE(reader.answer().usage.has_value());
    CHECK(reader.answer().usage->prompt_tokens == 3);
    CHECK(reader.answer().usage->completion_tokens == 2);
  }
}

TEST_CASE("stream: an error event stops reading with the provider's message") {
  ChatStreamReader reader;
  std::string text;
  CHECK(reader.feed("data: {\"choices\":[{\"delta\":{\"content\":\"par\"}}]}\n\n", text).ok());
  Status st = reader.feed("data: {\"error\":{\"message\":\"provider cut the stream\"}}\n\n", text);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::kUpstreamError);
  CHECK(st.error().message == "provider cut the stream");
  CHECK(text == "par");
  CHECK_FALSE(reader.done());
}

TEST_CASE("whole: a chat.completion body gives text, model and usage") {
  auto a = parse_chat_completion(
      R"({"model":"openai/gpt-4o","choices":[{"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],)"
      R"("usage":{"prompt_tokens":5,"completion_tokens":1}})");
  REQUIRE(a.ok());
  CHECK(a->text == "Hi");
  CHECK(a->model == "openai/gpt-4o");
  CHECK(a->usage->total() == 6);
  CHECK_FALSE(parse_chat_completion("<html>").ok());
}

TEST_CASE("errors from gw keep their message and map to the error table's kind") {
  Error e = error_from_reply(404, R"({"error":{"message":"The model 'x' does not exist","code":"model_not_found"}})");
  CHECK(e.kind == ErrorKind::kNotFound);
  CHECK(e.message == "The model 'x' does not exist");
  CHECK(error_from_reply(402, R"({"type":"error","error":{"type":"billing_error","message":"no credits"}})").message ==
        "no credits");
  CHECK(error_from_reply(503, "not json").message == "request failed with HTTP 503");
  CHECK(error_from_reply(503, "").kind == ErrorKind::kUnavailable);
}

}  // namespace gw
