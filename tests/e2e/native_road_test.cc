// E2E: the native road. An Anthropic Messages caller reaching a provider that
// speaks Messages, and a Responses caller reaching one that serves the
// Responses API, are passed through: the provider (gw mock, recording every
// request whole) receives the caller's body byte for byte except `model`,
// and the dialect's headers; the caller gets the provider's answer with the
// canonical model and the provider's usage, prompt-cache tokens included.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const char* kConfig = R"([providers.anthropic]
base_url = "${MOCK}/v1"
api_key = "sk-ant-provider"
[providers.openai]
base_url = "${MOCK}/v1"
api_key = "sk-openai-provider"
)";

std::vector<std::string> recording() { return {"--record-requests", "16"}; }

// What Claude Code sends: cache markers on system, tools and messages, betas,
// context management, deferred tools, thinking with a budget above max_tokens'
// share, and a field no gw release knows.
json claude_code_body(bool stream) {
  return {
      {"model", "claude-sonnet-4-5"},
      {"max_tokens", 1024},
      {"stream", stream},
      {"system",
       json::array({{{"type", "text"}, {"text", "You are Claude Code."}},
                    {{"type", "text"}, {"text", std::string(400, 's')}, {"cache_control", {{"type", "ephemeral"}}}}})},
      {"tools", json::array({{{"name", "Read"},
                              {"description", "read a file"},
                              {"input_schema", {{"type", "object"}}},
                              {"cache_control", {{"type", "ephemeral"}, {"ttl", "1h"}}}},
                             {{"name", "WebFetch"},
                              {"description", "fetch"},
                              {"input_schema", {{"type", "object"}}},
                              {"defer_loading", true}}})},
      {"tool_choice", {{"type", "none"}}},
      {"messages", json::array({{{"role", "user"},
                                 {"content", json::array({{{"type", "text"},
                                                           {"text", "hello native road"},
                                                           {"cache_control", {{"type", "ephemeral"}}}}})}}})},
      {"thinking", {{"type", "enabled"}, {"budget_tokens", 2000}}},
      {"context_management", {{"edits", json::array({{{"type", "clear_tool_uses_20250919"}}})}}},
      {"metadata", {{"user_id", "user_abc"}}},
      {"a_field_from_the_future", {{"x", 1}}}};
}

httplib::Headers anthropic_headers() {
  return {{"anthropic-version", "2023-06-01"},
          {"anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27"},
          {"x-api-key", "caller-key-never-forwarded"}};
}

json last_recorded(int mock_port) {
  auto c = client(mock_port);
  auto r = c.Get("/_mock/requests");
  REQUIRE(r);
  json list = json_of(r)["requests"];
  REQUIRE(!list.empty());
  return list.back();
}

std::string header(const json& recorded, const std::string& name) {
  for (const auto& h : recorded["headers"])
    if (strcasecmp(h[0].get<std::string>().c_str(), name.c_str()) == 0) return h[1];
  return "";
}

// The body the provider got, with its model put back to what the caller sent.
json as_sent(const json& recorded, const std::string& model) {
  json body = json::parse(recorded["body"].get<std::string>());
  body["model"] = model;
  return body;
}

}  // namespace

TEST_CASE("native road: an Anthropic caller's request reaches Anthropic untouched but for the model") {
  Stack stack(kConfig, recording());
  auto c = client(stack.serve.port());
  json sent = claude_code_body(false);
  auto r = c.Post("/v1/messages?beta=true", anthropic_headers(), sent.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);

  json got = last_recorded(stack.mock.port());
  CHECK(got["path"] == "/v1/messages?beta=true");
  json body = json::parse(got["body"].get<std::string>());
  CHECK(body["model"] == "claude-sonnet-4-5");       // the provider's native id
  CHECK(as_sent(got, "claude-sonnet-4-5") == sent);  // cache_control, betas' fields, max_tokens 1024: all kept
  CHECK(body["max_tokens"] == 1024);
  CHECK(header(got, "anthropic-beta") ==
        "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27");
  CHECK(header(got, "anthropic-version") == "2023-06-01");
  CHECK(header(got, "x-api-key") == "sk-ant-provider");  // gw's provider key, never the caller's

  json answer = json_of(r);
  CHECK(answer["model"] == "anthropic/claude-sonnet-4.5");  // canonical
  CHECK(answer["type"] == "message");
  CHECK(answer["usage"]["cache_creation_input_tokens"].get<int>() > 0);  // the first time: a cache write
  CHECK(answer["usage"]["cache_read_input_tokens"] == 0);
}

TEST_CASE("native road: a streamed answer keeps the provider's cache usage in message_start") {
  Stack stack(kConfig, recording());
  auto c = client(stack.serve.port());
  // Once to write the cache, then streamed to read it.
  REQUIRE(c.Post("/v1/messages", anthropic_headers(), claude_code_body(false).dump(), "application/json"));
  auto r = c.Post("/v1/messages", anthropic_headers(), claude_code_body(true).dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const std::string& events = r->body;
  size_t start = events.find("event: message_start\ndata: ");
  REQUIRE(start != std::string::npos);
  size_t end = events.find('\n', start + 27);
  json message_start = json::parse(events.substr(start + 27, end - start - 27));
  const json& usage = message_start["message"]["usage"];
  CHECK(usage["cache_read_input_tokens"].get<int>() > 0);
  CHECK(usage["input_tokens"].get<int>() > 0);
  CHECK(message_start["message"]["model"] == "anthropic/claude-sonnet-4.5");
  CHECK(events.find("event: message_stop") != std::string::npos);
  CHECK(events.find("claude-sonnet-4-5\"") == std::string::npos);  // no native id leaks
}

TEST_CASE("native road: prompt-cache reads cost less than writes, on a user's key") {
  Stack stack(kConfig, recording());
  auto c = client(stack.serve.port());
  std::string key = create_user_key(c, "cachy", "dev");
  REQUIRE(!key.empty());
  auto headers = anthropic_headers();
  headers.erase("x-api-key");
  headers.emplace("x-api-key", key);
  auto balance = [&] {  // the list answers with live balances
    const json users = json_of(c.Get("/admin/users"));
    for (const auto& u : users["data"])
      if (u["name"] == "cachy") return std::stod(u["balance_usd"].get<std::string>());
    FAIL("no user cachy");
    return 0.0;
  };
  auto spend = [&] {
    double before = balance();
    auto r = c.Post("/v1/messages", headers, claude_code_body(false).dump(), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return before - balance();
  };
  double write = spend();
  double read = spend();
  CHECK(write > 0);
  CHECK(read > 0);
  CHECK(read < write);
}

TEST_CASE("native road: a Responses caller reaches OpenAI's Responses API with reasoning and unknown tools intact") {
  Stack stack(kConfig, recording());
  auto c = client(stack.serve.port());
  json sent = {{"model", "gpt-5"},
               {"instructions", "You are Codex."},
               {"input", json::array({{{"type", "message"},
                                       {"role", "user"},
                                       {"content", json::array({{{"type", "input_text"}, {"text", "hi codex"}}})}}})},
               {"tools", json::array({{{"type", "function"}, {"name", "shell"}, {"parameters", {{"type", "object"}}}},
                                      {{"type", "namespace"}, {"name", "mcp"}, {"tools", json::array()}},
                                      {{"type", "web_search"}}})},
               {"tool_choice", "none"},
               {"reasoning", {{"effort", "medium"}, {"summary", "auto"}}},
               {"include", json::array({"reasoning.encrypted_content"})},
               {"store", false},
               {"parallel_tool_calls", false},
               {"prompt_cache_key", "session-123"},
               {"stream", true}};
  auto r = c.Post("/v1/responses", {{"openai-beta", "responses=experimental"}}, sent.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  json got = last_recorded(stack.mock.port());
  CHECK(got["path"] == "/v1/responses");
  CHECK(as_sent(got, "gpt-5") == sent);
  CHECK(header(got, "openai-beta") == "responses=experimental");
  CHECK(header(got, "authorization") == "Bearer sk-openai-provider");

  const std::string& events = r->body;
  CHECK(events.find("\"encrypted_content\":\"mock-enc-") != std::string::npos);
  const std::string marker = "event: response.completed\ndata: ";
  size_t done = events.find(marker);
  REQUIRE(done != std::string::npos);
  done += marker.size();
  json completed = json::parse(events.substr(done, events.find('\n', done) - done));
  CHECK(completed["response"]["model"] == "openai/gpt-5");
  CHECK(completed["response"]["instructions"] == "You are Codex.");  // the request's, not defaults
  CHECK(completed["response"]["parallel_tool_calls"] == false);
  CHECK(completed["response"]["usage"]["output_tokens_details"]["reasoning_tokens"].get<int>() > 0);
}

TEST_CASE("native road: a request gw cannot translate is refused for providers that would need translation") {
  Stack stack(kConfig, recording());
  auto c = client(stack.serve.port());
  json body = {{"model", "mock/echo"},
               {"input", "hi"},
               {"tools", json::array({{{"type", "namespace"}, {"name", "mcp"}, {"tools", json::array()}}})}};
  auto r = c.Post("/v1/responses", body.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(r->body.find("namespace") != std::string::npos);
}

TEST_CASE("count_tokens: Anthropic's own counter answers for a model Anthropic serves, with the caller's betas") {
  Stack stack(kConfig, recording());
  auto c = client(stack.serve.port());
  json body = {{"model", "claude-sonnet-4-5"},
               {"system", "be brief"},
               {"messages", json::array({{{"role", "user"}, {"content", std::string(400, 'w')}}})}};
  auto r = c.Post("/v1/messages/count_tokens?beta=true", anthropic_headers(), body.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("x-gw-token-count") == "provider");
  CHECK(r->get_header_value("x-gw-provider") == "anthropic");
  CHECK(json_of(r)["input_tokens"].get<int>() >= 100);
  json got = last_recorded(stack.mock.port());
  CHECK(got["path"] == "/v1/messages/count_tokens?beta=true");
  CHECK(header(got, "anthropic-beta").find("claude-code-20250219") != std::string::npos);
  CHECK(as_sent(got, "claude-sonnet-4-5") == body);
}

TEST_CASE("count_tokens: for a model no Anthropic provider serves, gw estimates, and never answers 0") {
  Stack stack(kConfig, recording());
  auto c = client(stack.serve.port());
  json body = {{"model", "mock/echo"},
               {"messages", json::array({{{"role", "user"}, {"content", "hi there, count me"}}})}};
  auto r = c.Post("/v1/messages/count_tokens", body.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("x-gw-token-count") == "estimate");
  CHECK(json_of(r)["input_tokens"].get<int>() > 0);
  body["messages"][0]["content"] = "";
  auto empty = c.Post("/v1/messages/count_tokens", body.dump(), "application/json");
  REQUIRE(empty);
  CHECK(json_of(empty)["input_tokens"].get<int>() >= 1);
}
