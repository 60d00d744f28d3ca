// E2E: requests and provider answers built to break gw's JSON handling get
// a clear error in the caller's dialect, and `gw serve` keeps serving.
// Before: JSON nested 20,000 deep inside a string killed gw serve (SIGSEGV);
// a byte order mark skipped the depth check; invalid UTF-8 in a path or a
// model name was a 500; a second "Model" key reached the provider; a stream
// of "data: [DONE]" alone was answered 200 (and charged).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/support/raw_http_server.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const std::string kDeep = std::string(20000, '[') + std::string(20000, ']');

// gw serve with its Anthropic and Google providers pointed at the mock.
std::string providers_at_mock() {
  return "[providers.anthropic]\nbase_url = \"${MOCK}/v1\"\napi_key = \"test-key\"\n"
         "[providers.google]\nbase_url = \"${MOCK}/v1beta\"\napi_key = \"test-key\"\n";
}

void still_serving(httplib::Client& c) {
  auto after = c.Post("/v1/chat/completions", chat_body("still here"), "application/json");
  REQUIRE(after);
  CHECK(after->status == 200);
}

}  // namespace

TEST_CASE("JSON nested 20,000 deep inside strings is never parsed, and gw keeps serving") {
  Stack stack(providers_at_mock());
  auto c = client(stack.serve.port());
  json call = {
      {"id", "c1"}, {"type", "function"}, {"function", {{"name", "f"}, {"arguments", "{\"a\":" + kDeep + "}"}}}};
  for (const char* model : {"anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash"}) {
    INFO(model);
    json body = {{"model", model},
                 {"max_tokens", 5},
                 {"messages",
                  {{{"role", "user"}, {"content", "hi"}},
                   {{"role", "assistant"}, {"tool_calls", {call}}},
                   {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "ok"}},
                   {{"role", "user"}, {"content", "and?"}}}}};
    auto r = c.Post("/v1/chat/completions", body.dump(), "application/json");
    REQUIRE(r);  // no crash
    CHECK(r->status == 400);
    CHECK(json_of(r)["error"]["param"].get<std::string>().find("tool_calls[0]") != std::string::npos);
  }
  json tool_result = {
      {"model", "google/gemini-2.5-flash"},
      {"max_tokens", 5},
      {"messages",
       {{{"role", "user"}, {"content", "hi"}},
        {{"role", "assistant"},
         {"tool_calls", {{{"id", "c1"}, {"type", "function"}, {"function", {{"name", "f"}, {"arguments", "{}"}}}}}}},
        {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", kDeep}}}}};
  auto gemini = c.Post("/v1/chat/completions", tool_result.dump(), "application/json");
  REQUIRE(gemini);
  CHECK(gemini->status == 200);
  std::string blocks = R"([{"type":"thinking","thinking":"t","signature":"s","x":)" + kDeep + "}]";
  json responses = {{"model", "anthropic/claude-sonnet-4.5"},
                    {"max_output_tokens", 5},
                    {"input",
                     {{{"role", "user"}, {"content", "hi"}},
                      {{"type", "reasoning"},
                       {"id", "rs_1"},
                       {"summary", json::array()},
                       {"encrypted_content", "gw-thinking:" + blocks}},
                      {{"role", "assistant"}, {"content", "hello"}},
                      {{"role", "user"}, {"content", "again"}}}}};
  auto reasoning = c.Post("/v1/responses", responses.dump(), "application/json");
  REQUIRE(reasoning);
  CHECK(reasoning->status == 200);
  still_serving(c);
}

TEST_CASE("a body with a byte order mark is a 400 in the caller's dialect, deep or not") {
  Stack stack;
  auto c = client(stack.serve.port());
  std::string deep_body =
      "\xEF\xBB\xBF"
      R"({"model":"mock/echo","messages":[{"role":"user","content":"hi"}],"metadata":)" +
      kDeep + "}";
  auto openai = c.Post("/v1/chat/completions", deep_body, "application/json");
  REQUIRE(openai);
  CHECK(openai->status == 400);
  CHECK(json_of(openai)["error"]["message"].get<std::string>().find("byte order mark") != std::string::npos);
  auto anthropic = c.Post("/v1/messages", "\xEF\xBB\xBF" + chat_body("hi"), "application/json");
  REQUIRE(anthropic);
  CHECK(anthropic->status == 400);
  CHECK(json_of(anthropic)["type"] == "error");
  still_serving(c);
}

TEST_CASE("invalid UTF-8 in a path or a model name is a 4xx JSON error, not a 500") {
  Stack stack;
  auto c = client(stack.serve.port());
  c.set_url_encode(false);  // the bytes as they are
  auto path = c.Get("/v1/models/mock/\xff\xfe");
  REQUIRE(path);
  CHECK(path->status == 404);
  CHECK(json_of(path)["error"]["code"] == "model_not_found");
  auto route = c.Get("/v1/nothing\xc3\x28");
  REQUIRE(route);
  CHECK(route->status == 404);
  CHECK(json_of(route).contains("error"));
  httplib::MultipartFormDataItems upload = {{"file", "abc", "a.wav", "audio/wav"},
                                            {"model", "mock/whisper\xff", "", ""}};
  auto model = c.Post("/v1/audio/transcriptions", upload);
  REQUIRE(model);
  CHECK(model->status == 404);
  CHECK(json_of(model)["error"]["code"] == "model_not_found");
}

TEST_CASE("a second model key in another case is a 400 naming it; the provider never sees it") {
  Stack stack;
  auto c = client(stack.serve.port());
  json body = json::parse(chat_body("hi"));
  body["Model"] = "mock/echo-priced";
  auto r = c.Post("/v1/chat/completions", body.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(json_of(r)["error"]["param"] == "Model");
  auto stats = client(stack.mock.port()).Get("/_mock/stats");
  REQUIRE(stats);
  CHECK(json_of(stats)["requests"] == 0);
}

TEST_CASE("a stream of data: [DONE] alone is a 502 in the caller's dialect, not an empty 200") {
  gw::RawHttpServer upstream([](gw::RawPeer& peer, int) {
    if (!peer.read_request()) return;
    peer.write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 14\r\nConnection: close\r\n\r\n"
        "data: [DONE]\n\n");
  });
  std::string base = upstream.url("/v1");
  Stack stack("[providers.openai]\nbase_url = \"" + base + "\"\napi_key = \"sk-test\"\n");
  auto c = client(stack.serve.port());
  auto openai = c.Post("/v1/chat/completions", chat_body("hi", true, "openai/gpt-4o"), "application/json");
  REQUIRE(openai);
  CHECK(openai->status == 502);
  CHECK(json_of(openai)["error"]["message"].get<std::string>().find("empty stream") != std::string::npos);
  json messages = {{"model", "openai/gpt-4o"},
                   {"max_tokens", 5},
                   {"stream", true},
                   {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
  auto anthropic = c.Post("/v1/messages", messages.dump(), "application/json");
  REQUIRE(anthropic);
  CHECK(anthropic->status == 502);
  CHECK(json_of(anthropic)["type"] == "error");
}
