// Secrets never leave in error reports or log lines.
#include "core/crypto/secret_scrub.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("scrub: gw keys, provider keys and Google keys become [redacted]") {
  CHECK(scrub_secrets("key gw_live_AbC123xyz failed") == "key [redacted] failed");
  CHECK(scrub_secrets("gw_test_q1w2e3") == "[redacted]");
  CHECK(scrub_secrets("openai said: Incorrect API key provided: sk-proj-abcdEFGH1234.") ==
        "openai said: Incorrect API key provided: [redacted]");
  CHECK(scrub_secrets("sk-ant-api03-xyzXYZ0123456789") == "[redacted]");
  CHECK(scrub_secrets("AIzaSyA1234567890abcdefghijklmnop") == "[redacted]");
}

TEST_CASE("scrub: header values and URL key parameters keep their name") {
  CHECK(scrub_secrets("Authorization: Bearer abc.def-ghi") == "Authorization: [redacted]");
  CHECK(scrub_secrets("sent bearer tok_123 upstream") == "sent bearer [redacted] upstream");
  CHECK(scrub_secrets("x-api-key: secret-value") == "x-api-key: [redacted]");
  CHECK(scrub_secrets("GET /v1beta/models?key=AIzaXYZ&alt=sse") == "GET /v1beta/models?key=[redacted]&alt=sse");
  CHECK(scrub_secrets(R"({"api_key":"hunter2"})") == R"({"api_key":"[redacted]"})");
  CHECK(scrub_secrets("Authorization: Basic dXNlcjpwYXNz\nnext") == "Authorization: [redacted]\nnext");
}

TEST_CASE("scrub: ordinary text is left alone") {
  const char* plain[] = {"provider openai answered 503: overloaded", "a risk-free task", "task-12345678",
                         "no provider could serve the request", ""};
  for (const char* t : plain) CHECK(scrub_secrets(t) == t);
}

}  // namespace gw
