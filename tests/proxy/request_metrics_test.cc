// Metrics through the whole pipeline: each request moves each counter by
// exactly its own amount; GET /metrics serves the result.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "proxy/telemetry/telemetry.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/prometheus_text.h"

using nlohmann::json;

namespace gw {
namespace {

json ask(const std::string& model, bool stream = false) {
  return {{"model", model}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", "count me"}}}}};
}

// OpenAI's answer with 3 prompt and 1 completion tokens.
const std::string kPriced =
    R"({"id":"m","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";

double value(GatewayHarness& h, const std::string& series) { return sample_value(h.get("/metrics").body, series); }

}  // namespace

TEST_CASE("GET /metrics answers the Prometheus text format") {
  GatewayHarness h;
  Reply r = h.get("/metrics");
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/plain; version=0.0.4; charset=utf-8");
  // Families show once they have a series; these have theirs from the start.
  CHECK(r.body.find("# TYPE rate_limited_requests_total counter") != std::string::npos);
  CHECK(r.body.find("# TYPE gw_overhead_seconds histogram") != std::string::npos);
  CHECK(r.body.find("model_inference_requests_total") == std::string::npos);
}

TEST_CASE("a served request counts one attempt, its tokens, its exact cost and one 200 on its route") {
  GatewayHarness h;
  h.net.respond(200, kPriced);
  REQUIRE(h.chat(ask("gpt-4o")).status == 200);
  const std::string series = R"(model="openai/gpt-4o",provider="openai")";
  CHECK(value(h, "model_inference_requests_total{" + series + R"(,status="200"})") == 1);
  CHECK(value(h, "tokens_used_total{" + series + R"(,type="prompt"})") == 3);
  CHECK(value(h, "tokens_used_total{" + series + R"(,type="completion"})") == 1);
  // 3 x $2.50/M + 1 x $10.00/M = $0.0000175
  CHECK(value(h, "credits_used_total{" + series + "}") == doctest::Approx(0.0000175).epsilon(1e-12));
  CHECK(value(h, R"(http_requests_total{code="200",route="/v1/chat/completions"})") == 1);
  CHECK(value(h, "gw_overhead_seconds_count") == 1);
}

TEST_CASE("failover counts each attempt under the provider that made it, with its status") {
  GatewayHarness h;
  h.net.respond(503, "{}");
  h.net.respond(200, kPriced);
  REQUIRE(h.chat(ask("gpt-4o")).headers.get("x-gw-provider") == "openrouter");
  CHECK(value(h, R"(model_inference_requests_total{model="openai/gpt-4o",provider="openai",status="503"})") == 1);
  CHECK(value(h, R"(model_inference_requests_total{model="openai/gpt-4o",provider="openrouter",status="200"})") == 1);
  CHECK(value(h, R"(tokens_used_total{model="openai/gpt-4o",provider="openrouter",type="prompt"})") == 3);
  CHECK(value(h, R"(tokens_used_total{model="openai/gpt-4o",provider="openai",type="prompt"})") == 0);
}

TEST_CASE("a provider that cannot be reached counts as status error; the failed request uses no tokens") {
  GatewayHarness h;
  h.net.fail(make_error(ErrorKind::kUnavailable, "connection refused"));
  h.net.fail(make_error(ErrorKind::kUpstreamTimeout, "timed out"));
  CHECK(h.chat(ask("gpt-4o")).status == 504);
  CHECK(value(h, R"(model_inference_requests_total{model="openai/gpt-4o",provider="openai",status="error"})") == 1);
  CHECK(value(h, R"(model_inference_requests_total{model="openai/gpt-4o",provider="openrouter",status="error"})") == 1);
  CHECK(h.get("/metrics").body.find("tokens_used_total{") == std::string::npos);
  CHECK(value(h, R"(http_requests_total{code="504",route="/v1/chat/completions"})") == 1);
}

TEST_CASE("a stream observes its time to first chunk once") {
  GatewayHarness h;
  Reply r = h.chat(ask("mock/echo", true));
  GatewayHarness::drain(r);
  CHECK(value(h, R"(time_to_first_chunk_seconds_count{model="mock/echo",provider="mock"})") == 1);
  CHECK(value(h, R"(model_inference_requests_total{model="mock/echo",provider="mock",status="200"})") == 1);
}

TEST_CASE("requests refused before any provider still count on their route; unknown paths are 'unmatched'") {
  GatewayHarness h;
  CHECK(h.chat(ask("no-such-model")).status == 404);
  CHECK(h.get("/nope").status == 404);
  h.get("/v1/models/echo");
  CHECK(value(h, R"(http_requests_total{code="404",route="/v1/chat/completions"})") == 1);
  CHECK(value(h, R"(http_requests_total{code="404",route="unmatched"})") == 1);
  CHECK(value(h, R"(http_requests_total{code="200",route="/v1/models/*"})") == 1);
  CHECK(value(h, "gw_overhead_seconds_count") == 1);
}

TEST_CASE("open breakers show as 2 in circuit_breaker_state") {
  GatewayHarness h;
  for (int i = 0; i < 5; ++i) {
    h.net.respond(503, "{}");
    h.net.respond(200, kPriced);
    h.chat(ask("gpt-4o"));
  }
  CHECK(value(h, R"(circuit_breaker_state{provider="openai"})") == 2);
  CHECK(value(h, R"(circuit_breaker_state{provider="openrouter"})") == 0);
}

TEST_CASE("a request the rate limiter refuses is counted in rate_limited_requests_total by its layer") {
  // An anonymous caller may send one request a minute; the second is refused.
  GatewayHarness h(config_with([](Config& c) {
    c.auth.require_key = true;
    c.limits.anonymous.requests_per_minute = 1;
  }));
  InboundRequest in;
  in.method = "POST";
  in.path = "/v1/chat/completions";
  in.remote_addr = "203.0.113.9";  // not loopback: anonymous
  in.body = ask("gpt-4o").dump();
  h.gateway->handle(in);
  CHECK(h.gateway->handle(in).status == 429);
  CHECK(value(h, R"(rate_limited_requests_total{layer="anonymous"})") == 1);
  CHECK(value(h, R"(rate_limited_requests_total{layer="ip"})") == 0);
}

TEST_CASE("cache_requests_total counts each chat request's cache result in the exact layer") {
  GatewayHarness h;
  h.net.respond(200, kPriced);  // the miss
  h.net.respond(200, kPriced);  // the bypass (the hit asks no provider)
  json deterministic = ask("gpt-4o");
  deterministic["temperature"] = 0;
  REQUIRE(h.chat(deterministic).status == 200);
  REQUIRE(h.chat(deterministic).status == 200);
  REQUIRE(h.chat(ask("gpt-4o")).status == 200);
  CHECK(value(h, R"(cache_requests_total{layer="exact",result="miss"})") == 1);
  CHECK(value(h, R"(cache_requests_total{layer="exact",result="hit"})") == 1);
  CHECK(value(h, R"(cache_requests_total{layer="exact",result="bypass"})") == 1);
}

}  // namespace gw
