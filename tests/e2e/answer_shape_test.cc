// E2E: an OpenAI-compatible host's answer, passed through, reaches the
// caller in OpenAI's documented shape (CM-10.1.2): the host's own top-level
// members (here Groq's `x_groq`, an aggregator's `provider`) are dropped from
// the answer and from every stream chunk, and `model` is the canonical ID.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/support/raw_http_server.h"

using namespace gw::e2e;
using gw::raw_response;
using gw::raw_sse_chunk;
using gw::RawHttpServer;
using gw::RawPeer;
using nlohmann::json;

namespace {

const json kHostMembers = {{"x_groq", {{"id", "req_01"}}}, {"provider", "SomeHost"}};

json answer() {
  json body = {{"id", "chatcmpl-1"},
               {"object", "chat.completion"},
               {"created", 1},
               {"model", "echo"},
               {"choices",
                {{{"index", 0},
                  {"message", {{"role", "assistant"}, {"content", "hi"}, {"reasoning_content", "thought"}}},
                  {"finish_reason", "stop"}}}},
               {"usage", {{"prompt_tokens", 3}, {"completion_tokens", 1}, {"total_tokens", 4}}}};
  body.update(kHostMembers);
  return body;
}

std::string stream() {
  json chunk = {{"id", "chatcmpl-1"},
                {"object", "chat.completion.chunk"},
                {"created", 1},
                {"model", "echo"},
                {"choices", {{{"index", 0}, {"delta", {{"content", "hi"}}}, {"finish_reason", nullptr}}}}};
  chunk.update(kHostMembers);
  json last = chunk;
  last["choices"] = json::array();
  last["usage"] = {{"prompt_tokens", 3}, {"completion_tokens", 1}, {"total_tokens", 4}};
  return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
         raw_sse_chunk(chunk.dump()) + raw_sse_chunk(last.dump()) + raw_sse_chunk("[DONE]") + "0\r\n\r\n";
}

}  // namespace

TEST_CASE("a host's own members never reach the caller, streamed or not; model is the canonical ID") {
  RawHttpServer upstream([](RawPeer& peer, int) {
    std::string request;
    while (peer.read_request(&request))
      peer.write(request.find("\"stream\":true") != std::string::npos
                     ? stream()
                     : raw_response("200 OK", "Content-Type: application/json\r\n", answer().dump()));
  });
  TempDir dir;
  dir.write("config.toml", "[providers.mock]\nbase_url = \"" + upstream.url("/v1") + "\"\n");
  GwProcess serve({"--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port", "0"});
  auto c = client(serve.port());

  auto whole = c.Post("/v1/chat/completions", chat_body("hi", false, "mock/echo"), "application/json");
  REQUIRE(whole);
  REQUIRE(whole->status == 200);
  auto j = json_of(whole);
  CHECK_FALSE(j.contains("x_groq"));
  CHECK_FALSE(j.contains("provider"));
  CHECK(j["model"] == "mock/echo");
  CHECK(j["choices"][0]["message"]["reasoning_content"] == "thought");  // inside choices: the caller's to read
  CHECK(j["usage"]["total_tokens"] == 4);

  json ask_streamed = json::parse(chat_body("hi", true, "mock/echo"));
  ask_streamed["stream_options"] = {{"include_usage", true}};
  auto streamed = c.Post("/v1/chat/completions", ask_streamed.dump(), "application/json");
  REQUIRE(streamed);
  REQUIRE(streamed->status == 200);
  auto lines = data_lines(streamed->body);
  REQUIRE(lines.size() == 3);
  for (size_t i = 0; i < 2; ++i) {
    auto chunk = json::parse(lines[i]);
    CHECK_FALSE(chunk.contains("x_groq"));
    CHECK_FALSE(chunk.contains("provider"));
    CHECK(chunk["model"] == "mock/echo");
  }
  CHECK(lines[2] == "[DONE]");
}
