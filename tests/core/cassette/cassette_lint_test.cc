// Tests for core/cassette/cassette_lint.h: `gw cassette lint` catches
// planted keys and passes a clean recording.
#include "core/cassette/cassette_lint.h"

#include <doctest/doctest.h>

#include "core/cassette/cassette_scrubber.h"
#include "core/cassette/exchange.h"

namespace gw {
namespace {

Exchange clean() {
  Exchange e;
  e.provider = "mock";
  e.model = "mock/echo";
  e.key = std::string(64, 'a');
  e.method = "POST";
  e.path = "/v1/chat/completions";
  e.request_headers = {{"content-type", "application/json"}};
  e.request_body = R"({"model":"mock/echo","messages":[{"role":"user","content":"hello"}]})";
  e.status = 200;
  e.body = R"({"id":"chatcmpl-mock-1","usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";
  return e;
}

}  // namespace

TEST_CASE("cassette lint: a clean recording, and scrubbed placeholders, pass") {
  CHECK(lint_cassette(exchange_to_text(clean())).empty());
  CassetteScrubber s;
  s.add_secret("OPENAI_API_KEY", "sk-proj-abcdefghijklmnopqrstuvwxyz");
  Exchange e = clean();
  e.request_body = R"({"model":"m","api_key":"sk-proj-abcdefghijklmnopqrstuvwxyz"})";
  CHECK(lint_cassette(exchange_to_text(s.scrub(e))).empty());
}

TEST_CASE("cassette lint: planted keys of every shape are caught, with their line") {
  const char* planted[] = {
      "sk-proj-abcdefghijklmnopqrstu", "sk-ant-api03-abcdefghijklmnop",  "AIzaSyA1234567890abcdefghijklmnopqrstu",
      "gw_live_0123456789abcdef",      "Bearer eyJhbGciOiJIUzI1NiJ9xyz",
  };
  for (const char* key : planted) {
    CAPTURE(key);
    Exchange e = clean();
    e.body = std::string(R"({"content":"here: )") + key + R"("})";
    auto found = lint_cassette(exchange_to_text(e));
    REQUIRE(found.size() >= 1);
    CHECK(found[0].line > 1);
    CHECK(found[0].shown.find(key) == std::string::npos);  // the report does not repeat the secret
  }
}

TEST_CASE("cassette lint: a random value in a credential-named member is caught, words are not") {
  CHECK(lint_cassette(R"({"x_auth_token": "Zk3q9LmX2vB7nR4tY8wP"})").size() == 1);
  CHECK(lint_cassette(R"({"data": "{\"api_key\":\"Zk3q9LmX2vB7nR4tY8wP\"}"})").size() == 1);  // inside a frame
  CHECK(lint_cassette(R"({"token_note": "this is just some words here"})").empty());
  CHECK(lint_cassette(R"({"prompt_tokens": 12})").empty());
}

}  // namespace gw
