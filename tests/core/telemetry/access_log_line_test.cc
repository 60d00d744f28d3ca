// Access-log lines: one JSON object per request, severity from the status,
// exact money, attempts only at debug, bodies only when captured.
#include "core/telemetry/access_log_line.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace gw {
namespace {

AccessEntry sample() {
  AccessEntry e;
  e.unix_ms = 1'700'000'000'123;
  e.request_id = "req_1";
  e.key_id = "key_9";
  e.user_id = "user_3";
  e.route = "/v1/chat/completions";
  e.model = "openai/gpt-4o";
  e.provider = "openai";
  e.status = 200;
  e.attempts = 2;
  e.usage.prompt_tokens = 3;
  e.usage.completion_tokens = 1;
  e.cost = Money::from_units(175'000);
  e.latency_us = 1234;
  e.overhead_us = 41;
  e.cache = "miss";
  e.attempts_detail = {{"openrouter", 503, 900}, {"openai", 200, 300}};
  return e;
}

}  // namespace

TEST_CASE("access log line: appended to a batch, a line is the same line") {
  std::string batch = "earlier line\n";
  append_access_log_line(batch, sample(), LogLevel::kInfo);
  CHECK(batch == "earlier line\n" + access_log_line(sample(), LogLevel::kInfo));
}

TEST_CASE("access log line: every field, with the cost as an exact decimal") {
  auto j = nlohmann::json::parse(access_log_line(sample(), LogLevel::kInfo));
  CHECK(j["ts"] == "2023-11-14T22:13:20.123Z");
  CHECK(j["level"] == "info");
  CHECK(j["request_id"] == "req_1");
  CHECK(j["key_id"] == "key_9");
  CHECK(j["user_id"] == "user_3");
  CHECK(j["model"] == "openai/gpt-4o");
  CHECK(j["provider"] == "openai");
  CHECK(j["status"] == 200);
  CHECK(j["attempts"] == 2);
  CHECK(j["prompt_tokens"] == 3);
  CHECK(j["completion_tokens"] == 1);
  CHECK(j["cost_usd"] == "0.0000175");
  CHECK(j["latency_us"] == 1234);
  CHECK(j["overhead_us"] == 41);
  CHECK(j["cache"] == "miss");
  CHECK_FALSE(j.contains("upstreams"));
  CHECK_FALSE(j.contains("request_body"));
  CHECK_FALSE(j.contains("response_body"));
}

TEST_CASE("access log line: debug lists each upstream attempt") {
  auto j = nlohmann::json::parse(access_log_line(sample(), LogLevel::kDebug));
  REQUIRE(j["upstreams"].size() == 2);
  CHECK(j["upstreams"][0]["provider"] == "openrouter");
  CHECK(j["upstreams"][0]["status"] == 503);
  CHECK(j["upstreams"][1]["duration_us"] == 300);
}

TEST_CASE("access log line: bodies appear only when they were captured") {
  AccessEntry e = sample();
  e.request_body = R"({"messages":[]})";
  e.response_body = "hello";
  auto j = nlohmann::json::parse(access_log_line(e, LogLevel::kInfo));
  CHECK(j["request_body"] == R"({"messages":[]})");
  CHECK(j["response_body"] == "hello");
}

TEST_CASE("log levels: severity follows the status; names parse both ways") {
  CHECK(level_for_status(200) == LogLevel::kInfo);
  CHECK(level_for_status(404) == LogLevel::kWarn);
  CHECK(level_for_status(503) == LogLevel::kError);
  for (const char* name : {"error", "warn", "info", "debug"}) CHECK(log_level_name(*parse_log_level(name)) == name);
  CHECK_FALSE(parse_log_level("verbose"));
}

}  // namespace gw
