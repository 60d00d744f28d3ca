// Passive health: what /health reports about each provider.
#include "core/health/provider_health.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("health: outcomes and latency add up per provider and per model") {
  ProviderHealth h;
  h.record("groq", "meta-llama/llama-3.3-70b-instruct", true, 100, 1000);
  h.record("groq", "meta-llama/llama-3.3-70b-instruct", false, 300, 2000);
  h.record("groq", "meta-llama/llama-3.1-8b-instruct", true, 50, 3000);
  h.record("openai", "openai/gpt-4o", true, 10, 4000);
  auto providers = h.providers();
  REQUIRE(providers.size() == 2);
  CHECK(providers[0].provider == "groq");
  CHECK(providers[0].requests == 3);
  CHECK(providers[0].failures == 1);
  CHECK(providers[0].avg_latency_ms() == 150);
  CHECK(providers[0].success_bp() == 6666);
  CHECK(providers[0].last_failure_ms == 2000);
  CHECK(providers[1].success_bp() == 10000);
  auto models = h.models();
  REQUIRE(models.size() == 3);
  CHECK(models[0].model == "meta-llama/llama-3.1-8b-instruct");
  CHECK(models[0].requests == 1);
}

TEST_CASE("health: a provider with no traffic counts as fully healthy") {
  HealthStats none;
  CHECK(none.success_bp() == 10000);
  CHECK(none.avg_latency_ms() == 0);
}

TEST_CASE("health: probes count as attempts but not as usage") {
  ProviderHealth h;
  h.record("mock", "mock/echo", true, 5, 1000);
  h.record("mock", "mock/echo", false, 5, 2000, /*probe=*/true);
  auto models = h.models();
  REQUIRE(models.size() == 1);
  CHECK(models[0].requests == 2);
  CHECK(models[0].probes == 1);
  CHECK(models[0].usage() == 1);
  CHECK(models[0].failures == 1);
}

TEST_CASE("health: p50 latency is the median of the recent attempts") {
  ProviderHealth h;
  for (int64_t ms : {900, 10, 20, 30, 40}) h.record("groq", "m", true, ms, 1000);
  CHECK(h.providers()[0].p50_latency_ms == 30);
  CHECK(h.providers()[0].avg_latency_ms() == 200);
  // Only the last kLatencyWindow attempts count: old slow ones age out.
  for (size_t i = 0; i < ProviderHealth::kLatencyWindow; ++i) h.record("groq", "m", true, 7, 2000);
  CHECK(h.models()[0].p50_latency_ms == 7);
}

TEST_CASE("health: success rates print as percentages with one decimal") {
  CHECK(percent_from_bp(10000) == "100.0%");
  CHECK(percent_from_bp(9950) == "99.5%");
  CHECK(percent_from_bp(2500) == "25.0%");
}

}  // namespace gw
