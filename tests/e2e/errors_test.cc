// E2E: every failure reaches the client as an OpenAI-shaped JSON error with
// the right status, never an HTML page.
#include <doctest/doctest.h>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

void check_openai_error(const httplib::Result& r, int status, const std::string& message_part) {
  REQUIRE(r);
  CHECK(r->status == status);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK(!r->get_header_value("x-request-id").empty());
  auto j = json_of(r);
  REQUIRE(j.is_object());
  REQUIRE(j.contains("error"));
  CHECK(j["error"]["type"].is_string());
  CHECK(j["error"].contains("code"));
  std::string msg = j["error"]["message"].get<std::string>();
  INFO("message: " << msg);
  CHECK(msg.find(message_part) != std::string::npos);
}

}  // namespace

TEST_CASE("request errors: bad JSON, missing fields, unknown model, unknown route") {
  Stack stack;
  auto c = client(stack.serve.port());
  check_openai_error(c.Post("/v1/chat/completions", "{not json", "application/json"), 400, "not valid JSON");
  check_openai_error(c.Post("/v1/chat/completions", R"({"model":"mock/echo"})", "application/json"), 400, "messages");
  auto unknown = c.Post("/v1/chat/completions", chat_body("x", false, "gpt4o"), "application/json");
  check_openai_error(unknown, 404, "Did you mean");
  CHECK(json_of(unknown)["error"]["code"] == "model_not_found");
  check_openai_error(c.Get("/v1/nothing-here"), 404, "no route");
}

TEST_CASE("JSON nested 100,000 deep is a 400 in the caller's dialect, and gw keeps serving") {
  Stack stack;
  auto c = client(stack.serve.port());
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::string body =
      R"({"model":"mock/echo","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"metadata":)" + deep + "}";
  check_openai_error(c.Post("/v1/chat/completions", body, "application/json"), 400, "deeper than 512 levels");
  auto anthropic = c.Post("/v1/messages", body, "application/json");
  REQUIRE(anthropic);
  CHECK(anthropic->status == 400);
  CHECK(json_of(anthropic)["type"] == "error");
  CHECK(json_of(anthropic)["error"]["type"] == "invalid_request_error");
  auto after = c.Post("/v1/chat/completions", chat_body("still here"), "application/json");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("a 200 KB model name is a 400 in the caller's dialect, with no search and no suggestion") {
  Stack stack;
  auto c = client(stack.serve.port());
  std::string huge = "mock/echo" + std::string(200 * 1024, 'x');
  auto openai = c.Post("/v1/chat/completions", chat_body("x", false, huge), "application/json");
  check_openai_error(openai, 400, "at most 256");
  CHECK(json_of(openai)["error"]["code"] == "model_name_too_long");
  CHECK(json_of(openai)["error"]["message"].get<std::string>().find("Did you mean") == std::string::npos);
  nlohmann::json messages = {{"model", huge}, {"max_tokens", 5}, {"messages", {{{"role", "user"}, {"content", "x"}}}}};
  auto anthropic = c.Post("/v1/messages", messages.dump(), "application/json");
  REQUIRE(anthropic);
  CHECK(anthropic->status == 400);
  CHECK(json_of(anthropic)["type"] == "error");
  CHECK(json_of(anthropic)["error"]["type"] == "invalid_request_error");
  check_openai_error(c.Get("/v1/models/" + std::string(60 * 1024, 'm')), 400, "at most 256");
  auto after = c.Post("/v1/chat/completions", chat_body("still here"), "application/json");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("a model whose providers have no credentials is a clear 503") {
  Stack stack;
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", chat_body("x", false, "gpt-4o"), "application/json");
  check_openai_error(r, 503, "OPENAI_API_KEY");
}

TEST_CASE("a body over the limit is refused with 413 in JSON") {
  Stack stack("[server]\nmax_body_bytes = 1024\n");
  std::string big = chat_body(std::string(4096, 'x'));
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", big, "application/json");
  REQUIRE(r);
  CHECK(r->status == 413);
  CHECK(json_of(r)["error"]["type"] == "invalid_request_error");
}

TEST_CASE("a client still sending a body far over the limit reads its 413, not a reset connection") {
  // gw answers at the head (its Content-Length is over the limit), then
  // drains what the client keeps sending before it closes: a close with
  // unread bytes would reset the connection under the client's feet.
  Stack stack("[server]\nmax_body_bytes = 1024\n");
  std::string big = chat_body(std::string(8 << 20, 'x'));
  for (int i = 0; i < 3; ++i) {
    auto r = client(stack.serve.port()).Post("/v1/chat/completions", big, "application/json");
    REQUIRE_MESSAGE(r, httplib::to_string(r.error()));
    CHECK(r->status == 413);
  }
}

TEST_CASE("provider errors: 400 is passed on, 429 keeps Retry-After, 503 is reported") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto mock = client(stack.mock.port());
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"status":400},{"status":429,"retry_after":7},{"status":503}]})",
                    "application/json"));
  check_openai_error(c.Post("/v1/chat/completions", chat_body("a"), "application/json"), 400, "answered 400");
  auto limited = c.Post("/v1/chat/completions", chat_body("b"), "application/json");
  check_openai_error(limited, 429, "answered 429");
  CHECK(limited->get_header_value("Retry-After") == "7");
  check_openai_error(c.Post("/v1/chat/completions", chat_body("c"), "application/json"), 503, "answered 503");
  // After the script, the provider answers normally again.
  auto ok = c.Post("/v1/chat/completions", chat_body("d"), "application/json");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("a provider that is down is reported as unavailable") {
  Stack stack;
  stack.mock.stop(SIGKILL);
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", chat_body("anyone?"), "application/json");
  check_openai_error(r, 503, "provider mock");
}

TEST_CASE("a provider slower than the read timeout is a 504") {
  Stack stack("[upstream]\nread_timeout_ms = 300\n", {"--latency-ms", "3000"});
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", chat_body("slow"), "application/json");
  check_openai_error(r, 504, "300 ms");
}
