// Passive health: what /health reports about each provider.
#include <doctest/doctest.h>

#include "core/provider_health.h"

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

}  // namespace gw
