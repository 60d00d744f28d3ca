// The access log through the pipeline: one JSON line per request with the
// request's facts; never a key; bodies only when enabled; levels filter.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {
namespace {

json ask(const std::string& model, const std::string& text = "what is two plus two") {
  return {{"model", model}, {"messages", {{{"role", "user"}, {"content", text}}}}};
}

Config with_log(std::string level = "info", bool bodies = false) {
  Config c;
  c.log.level = std::move(level);
  c.log.include_bodies = bodies;
  return c;
}

std::vector<json> lines(GatewayHarness& h) {
  h.gateway->flush();
  std::vector<json> out;
  for (const auto& l : h.access_log->lines()) out.push_back(json::parse(l));
  return out;
}

}  // namespace

TEST_CASE("access log: one JSON line per request with ids, model, provider, status, tokens, cost and timings") {
  GatewayHarness h(with_log(), {.capture_access_log = true});
  Headers headers;
  headers.add("x-request-id", "ci-42");
  REQUIRE(h.chat(ask("echo"), headers).status == 200);
  auto all = lines(h);
  REQUIRE(all.size() == 1);
  const json& l = all[0];
  const json expected = {{"level", "info"},
                         {"client_request_id", "ci-42"},  // the caller's own; gw's id is request_id
                         {"key_id", ""},
                         {"user_id", ""},
                         {"route", "/v1/chat/completions"},
                         {"model", "mock/echo"},
                         {"provider", "mock"},
                         {"status", 200},
                         {"attempts", 1},
                         {"cost_usd", "0.00"},
                         {"cache", "bypass"}};  // the cache is on; a request without temperature 0 or a seed passes it
  for (const auto& item : expected.items()) CHECK_MESSAGE(l.value(item.key(), json()) == item.value(), item.key());
  CHECK(l["request_id"].get<std::string>().rfind("req_", 0) == 0);
  CHECK(l["prompt_tokens"].get<int>() > 0);
  CHECK(l["completion_tokens"].get<int>() > 0);
  CHECK(l.contains("latency_us"));
  CHECK(l.contains("overhead_us"));
  CHECK_FALSE(l.contains("request_body"));
}

TEST_CASE("access log: keys, Authorization values, prompts and completions never appear by default") {
  GatewayHarness h(with_log(), {.capture_access_log = true});
  h.net.respond(200, R"({"choices":[{"index":0,"message":{"role":"assistant","content":"the secret answer"}}]})");
  Headers headers;
  headers.add("Authorization", "Bearer gw_live_caller_secret");
  h.chat(ask("gpt-4o", "my private prompt"), headers);
  h.gateway->flush();
  std::string text = h.access_log->text();
  REQUIRE_FALSE(text.empty());
  CHECK(text.find("gw_live_caller_secret") == std::string::npos);
  CHECK(text.find("sk-test-openai") == std::string::npos);  // the provider key gw sent
  CHECK(text.find("my private prompt") == std::string::npos);
  CHECK(text.find("the secret answer") == std::string::npos);
}

TEST_CASE("access log: include_bodies adds the prompt and the completion") {
  GatewayHarness h(with_log("info", true), {.capture_access_log = true});
  h.chat(ask("echo", "echo this back"));
  auto all = lines(h);
  REQUIRE(all.size() == 1);
  CHECK(all[0]["request_body"].get<std::string>().find("echo this back") != std::string::npos);
  CHECK(all[0]["response_body"].get<std::string>().find("echo this back") != std::string::npos);
}

TEST_CASE("access log: level warn keeps only failed requests; refusals are logged with their error") {
  GatewayHarness h(with_log("warn"), {.capture_access_log = true});
  h.chat(ask("echo"));
  h.chat(ask("no-such-model"));
  auto all = lines(h);
  REQUIRE(all.size() == 1);
  CHECK(all[0]["status"] == 404);
  CHECK(all[0]["level"] == "warn");
  CHECK(all[0]["model"] == "");
  CHECK(all[0]["error"].get<std::string>().find("no-such-model") != std::string::npos);
}

TEST_CASE("access log: debug lists every upstream attempt of a failover") {
  GatewayHarness h(with_log("debug"), {.capture_access_log = true});
  h.net.respond(502, "{}");
  h.net.respond(200, R"({"choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}]})");
  h.chat(ask("gpt-4o"));
  auto all = lines(h);
  REQUIRE(all.size() == 1);
  CHECK(all[0]["attempts"] == 2);
  REQUIRE(all[0]["upstreams"].size() == 2);
  CHECK(all[0]["upstreams"][0]["provider"] == "openai");
  CHECK(all[0]["upstreams"][0]["status"] == 502);
  CHECK(all[0]["upstreams"][1]["provider"] == "openrouter");
  CHECK(all[0]["upstreams"][1]["status"] == 200);
}

TEST_CASE("access log: a file target is created owner-only and appended to") {
  std::string path = "/tmp/gw-access-test-" + std::to_string(::getpid()) + ".log";
  std::remove(path.c_str());
  {
    Config c = with_log();
    c.log.access_log = path;
    GatewayHarness h(c);
    h.chat(ask("echo"));
    h.chat(ask("echo"));
  }
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += json::parse(line)["status"] == 200;
  CHECK(n == 2);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::remove(path.c_str());
}

}  // namespace gw
