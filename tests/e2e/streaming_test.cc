// E2E: streamed chat completions pass through gw event by event.
#include <doctest/doctest.h>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

TEST_CASE("a streamed answer arrives as SSE chunks ending in data: [DONE]") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = c.Post("/v1/chat/completions", chat_body("one two three", true), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("text/event-stream", 0) == 0);
  CHECK(r->get_header_value("x-gw-provider") == "mock");
  auto lines = data_lines(r->body);
  REQUIRE(lines.size() >= 3);
  CHECK(lines.back() == "[DONE]");
  CHECK(r->body.size() >= 14);
  CHECK(r->body.substr(r->body.size() - 14) == "data: [DONE]\n\n");
  std::string text;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    auto j = nlohmann::json::parse(lines[i]);
    CHECK(j["object"] == "chat.completion.chunk");
    if (i == 0) CHECK(j["choices"][0]["delta"]["role"] == "assistant");
    CHECK_FALSE(j.contains("usage"));  // the client did not ask for usage
    auto& d = j["choices"][0]["delta"];
    if (d.contains("content")) text += d["content"].get<std::string>();
  }
  CHECK(text == "one two three");
  CHECK(nlohmann::json::parse(lines[lines.size() - 2])["choices"][0]["finish_reason"] == "stop");
}

TEST_CASE("stream_options.include_usage yields a usage chunk before [DONE]") {
  Stack stack;
  nlohmann::json body = nlohmann::json::parse(chat_body("count my tokens", true));
  body["stream_options"] = {{"include_usage", true}};
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", body.dump(), "application/json");
  REQUIRE(r);
  auto lines = data_lines(r->body);
  REQUIRE(lines.size() >= 2);
  auto usage_chunk = nlohmann::json::parse(lines[lines.size() - 2]);
  CHECK(usage_chunk["choices"].empty());
  CHECK(usage_chunk["usage"]["completion_tokens"].get<int>() > 0);
}

TEST_CASE("chunks are passed on as they arrive, not buffered") {
  // The mock waits 300 ms before each of ~6 chunks. A gw that buffered the
  // stream would deliver it whole, [DONE] included, in its first bytes; a
  // streaming gw delivers the first chunk alone. The client stops there.
  // (How fast chunks pass is measured by the benchmark's TTFB phase.)
  Stack stack("", {"--chunk-delay-ms", "300"});
  auto c = client(stack.serve.port());
  httplib::Request req;
  req.method = "POST";
  req.path = "/v1/chat/completions";
  req.body = chat_body("a b c", true);
  req.set_header("Content-Type", "application/json");
  std::string first;
  req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
    first.assign(data, len);
    return false;  // one delivery is enough
  };
  c.send(req);
  auto lines = data_lines(first);
  REQUIRE(!lines.empty());
  CHECK(nlohmann::json::parse(lines[0])["object"] == "chat.completion.chunk");
  CHECK(first.find("[DONE]") == std::string::npos);
  CHECK(first.find("\"finish_reason\":\"stop\"") == std::string::npos);
}

TEST_CASE("a stream the provider cuts mid-way ends with an error event and no [DONE]") {
  Stack stack("", {"--truncate-after", "2"});
  auto c = client(stack.serve.port());
  httplib::Request req;
  req.method = "POST";
  req.path = "/v1/chat/completions";
  req.body = chat_body("this will be cut short", true);
  req.set_header("Content-Type", "application/json");
  std::string body;  // what reached the client, whether or not the transfer ended cleanly
  req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
    body.append(data, len);
    return true;
  };
  // The connection is dropped after the error event: the client sees a
  // truncated transfer (no clean result), but every byte sent is checked.
  c.send(req);
  auto lines = data_lines(body);
  REQUIRE(lines.size() == 3);   // the mock's 2 chunks, then gw's error event
  CHECK(lines[0] != lines[1]);  // no chunk sent twice
  for (int i = 0; i < 2; ++i) CHECK(nlohmann::json::parse(lines[i])["object"] == "chat.completion.chunk");
  CHECK(nlohmann::json::parse(lines[2]).contains("error"));
  CHECK(body.find("[DONE]") == std::string::npos);
}

TEST_CASE("a stream that fails before its first byte is an ordinary error response") {
  Stack stack("", {"--truncate-after", "0"});
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", chat_body("never starts", true), "application/json");
  REQUIRE(r);
  CHECK(r->status == 502);
  CHECK(json_of(r)["error"]["message"].get<std::string>().find("mock") != std::string::npos);
}

TEST_CASE("a provider that sends no usage still streams; the caller who asked gets gw's estimate, billed as such") {
  Stack stack("", {"--no-usage"});
  nlohmann::json body = nlohmann::json::parse(chat_body("no usage here", true));
  body["stream_options"] = {{"include_usage", true}};
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", body.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  size_t usage = r->body.find("\"usage\"");
  size_t done = r->body.find("data: [DONE]");
  REQUIRE(usage != std::string::npos);  // CM-10.3.1: usage the caller asked for is never missing
  REQUIRE(done != std::string::npos);
  CHECK(usage < done);
  size_t line = r->body.rfind("data: ", usage);
  auto chunk = nlohmann::json::parse(r->body.substr(line + 6, r->body.find('\n', line) - line - 6));
  CHECK(chunk["choices"].empty());
  CHECK(chunk["usage"]["completion_tokens"].get<int>() > 0);
  CHECK(chunk["model"] == "mock/echo");
  // Without stream_options the caller did not ask: no usage chunk.
  auto quiet =
      client(stack.serve.port()).Post("/v1/chat/completions", chat_body("no usage here", true), "application/json");
  REQUIRE(quiet);
  CHECK(quiet->body.find("\"usage\"") == std::string::npos);
}

TEST_CASE("a passed-through answer names the canonical model and carries usage even when the provider sent none") {
  Stack stack("", {"--no-usage"});
  auto r =
      client(stack.serve.port()).Post("/v1/chat/completions", chat_body("count me", false, "echo"), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto j = json_of(r);
  CHECK(j["model"] == "mock/echo");  // the provider said "echo"
  CHECK(j["usage"]["prompt_tokens"].get<int>() > 0);
  CHECK(j["usage"]["total_tokens"] ==
        j["usage"]["prompt_tokens"].get<int>() + j["usage"]["completion_tokens"].get<int>());
  auto streamed =
      client(stack.serve.port()).Post("/v1/chat/completions", chat_body("count me", true, "echo"), "application/json");
  REQUIRE(streamed);
  CHECK(streamed->body.find("\"model\":\"echo\"") == std::string::npos);
  CHECK(streamed->body.find("\"model\":\"mock/echo\"") != std::string::npos);
}
