// Metrics: each counter moves by the right amount and the scrape is in the
// Prometheus text format, families in table order.
#include "proxy/telemetry/metrics.h"

#include <doctest/doctest.h>

#include "core/catalog/catalog.h"
#include "tests/support/prometheus_text.h"

namespace gw {
namespace {

struct Fixture {
  const Catalog& catalog = Catalog::builtin();
  Metrics metrics{catalog, {"/v1/chat/completions", "/v1/models/*"}};
  const CatalogModel& echo = *catalog.find("mock/echo");
  const CatalogModel& gpt4o = *catalog.find("openai/gpt-4o");
  const ProviderInfo& mock = *find_provider("mock");
  const ProviderInfo& openai = *find_provider("openai");

  // The limiter ran with 3 fallback decisions (a Redis that failed).
  std::string scrape(std::vector<BreakerSnapshot> breakers = {}) { return metrics.scrape(breakers, 3, 1); }
  double value(const std::string& series, std::vector<BreakerSnapshot> breakers = {}) {
    return sample_value(scrape(std::move(breakers)), series);
  }
};

}  // namespace

TEST_CASE("metrics: upstream attempts count by provider, model and status; no answer is status error") {
  Fixture f;
  f.metrics.upstream_attempt(f.echo, f.mock, 200, 2'000'000);
  f.metrics.upstream_attempt(f.echo, f.mock, 200, 3'000'000);
  f.metrics.upstream_attempt(f.gpt4o, f.openai, 503, 1'000'000);
  f.metrics.upstream_attempt(f.gpt4o, f.openai, 0, 1'000'000);
  CHECK(f.value(R"(model_inference_requests_total{model="mock/echo",provider="mock",status="200"})") == 2);
  CHECK(f.value(R"(model_inference_requests_total{model="openai/gpt-4o",provider="openai",status="503"})") == 1);
  CHECK(f.value(R"(model_inference_requests_total{model="openai/gpt-4o",provider="openai",status="error"})") == 1);
  CHECK(f.value(R"(model_inference_duration_seconds_count{model="mock/echo",provider="mock"})") == 2);
  CHECK(f.value(R"(model_inference_duration_seconds_sum{model="mock/echo",provider="mock"})") ==
        doctest::Approx(0.005));
  CHECK(f.value(R"(model_inference_duration_seconds_bucket{model="mock/echo",provider="mock",le="0.05"})") == 2);
}

TEST_CASE("metrics: tokens by type, and credits summed exactly") {
  Fixture f;
  Usage u;
  u.prompt_tokens = 10;
  u.completion_tokens = 5;
  u.cached_tokens = 4;
  u.reasoning_tokens = 2;
  f.metrics.tokens(f.gpt4o, &f.openai, u);
  f.metrics.tokens(f.gpt4o, &f.openai, u);
  for (int i = 0; i < 3; ++i) f.metrics.credits(f.gpt4o, &f.openai, Money::from_units(175'000));  // $0.0000175
  const std::string labels = R"(model="openai/gpt-4o",provider="openai")";
  CHECK(f.value("tokens_used_total{" + labels + R"(,type="prompt"})") == 20);
  CHECK(f.value("tokens_used_total{" + labels + R"(,type="completion"})") == 10);
  CHECK(f.value("tokens_used_total{" + labels + R"(,type="cached"})") == 8);
  CHECK(f.value("tokens_used_total{" + labels + R"(,type="reasoning"})") == 4);
  CHECK(f.value("credits_used_total{" + labels + "}") == doctest::Approx(0.0000525).epsilon(1e-12));
}

TEST_CASE("metrics: time to first chunk and gw overhead are histograms in seconds") {
  Fixture f;
  f.metrics.first_chunk(f.echo, f.mock, 20'000'000);
  f.metrics.overhead(40'000);
  f.metrics.overhead(70'000);
  CHECK(f.value(R"(time_to_first_chunk_seconds_bucket{model="mock/echo",provider="mock",le="0.025"})") == 1);
  CHECK(f.value(R"(time_to_first_chunk_seconds_bucket{model="mock/echo",provider="mock",le="0.01"})") == 0);
  CHECK(f.value(R"(gw_overhead_seconds_bucket{le="5e-05"})") == 1);
  CHECK(f.value("gw_overhead_seconds_count") == 2);
}

TEST_CASE("metrics: http requests by route pattern and code; unknown routes are one 'unmatched' series") {
  Fixture f;
  f.metrics.http_request(0, 200);
  f.metrics.http_request(0, 200);
  f.metrics.http_request(1, 404);
  f.metrics.http_request(2, 404);
  f.metrics.http_request(99, 404);
  CHECK(f.value(R"(http_requests_total{code="200",route="/v1/chat/completions"})") == 2);
  CHECK(f.value(R"(http_requests_total{code="404",route="/v1/models/*"})") == 1);
  CHECK(f.value(R"(http_requests_total{code="404",route="unmatched"})") == 2);
}

TEST_CASE("metrics: fixed-value counters start at zero and count unknown values as other") {
  Fixture f;
  CHECK(f.scrape().find(R"(rate_limited_requests_total{layer="ip"} 0)") != std::string::npos);
  f.metrics.count(MetricId::kRateLimited, "key");
  f.metrics.count(MetricId::kRateLimited, "gw_live_should_not_be_a_label");
  f.metrics.count(MetricId::kWebhookDeliveries, "delivered");
  CHECK(f.value(R"(rate_limited_requests_total{layer="key"})") == 1);
  CHECK(f.value(R"(rate_limited_requests_total{layer="other"})") == 1);
  CHECK(f.scrape().find("gw_live_") == std::string::npos);
  CHECK(f.value(R"(webhook_deliveries_total{result="delivered"})") == 1);
}

TEST_CASE("metrics: breaker states are read at scrape time: 0 closed, 1 half-open, 2 open") {
  Fixture f;
  std::vector<BreakerSnapshot> b(3);
  b[0].provider = "openai";
  b[1].provider = "groq";
  b[1].state = BreakerState::kHalfOpen;
  b[2].provider = "mock";
  b[2].state = BreakerState::kOpen;
  CHECK(f.value(R"(circuit_breaker_state{provider="openai"})", b) == 0);
  CHECK(f.value(R"(circuit_breaker_state{provider="groq"})", b) == 1);
  CHECK(f.value(R"(circuit_breaker_state{provider="mock"})", b) == 2);
}

TEST_CASE("metrics: the scrape lists every family once, with HELP and TYPE, in table order") {
  Fixture f;  // families appear once they have a series
  f.metrics.upstream_attempt(f.echo, f.mock, 200, 1);
  f.metrics.tokens(f.echo, &f.mock, Usage{1, 1, 0, 0, false});
  f.metrics.credits(f.echo, &f.mock, Money{});
  f.metrics.first_chunk(f.echo, f.mock, 1);
  f.metrics.http_request(0, 200);
  std::vector<BreakerSnapshot> breakers(1);
  breakers[0].provider = "mock";
  std::string text = f.scrape(breakers);
  size_t last = 0;
  for (const MetricSpec& m : metric_table()) {
    std::string type_line = "# TYPE " + std::string(m.name) + " " + std::string(metric_type_name(m.type));
    size_t at = text.find(type_line);
    CHECK_MESSAGE(at != std::string::npos, type_line);
    CHECK_MESSAGE(at >= last, m.name);
    CHECK(text.find(type_line, at + 1) == std::string::npos);
    CHECK(text.find("# HELP " + std::string(m.name) + " ") != std::string::npos);
    if (at != std::string::npos) last = at;
  }
  CHECK(sample_value(text, "rate_limit_fallback_decisions_total") == 3);
  CHECK(f.metrics.scrape(breakers).find("rate_limit_fallback_decisions_total") == std::string::npos);  // no limiter
  CHECK(sample_value(text, "cluster_leader") == 1);
  CHECK(f.metrics.scrape(breakers).find("cluster_leader") == std::string::npos);  // no Redis
}

}  // namespace gw
