// Several instances' health figures merged (core/health/peer_figures.h) and
// the others' rows inside ProviderHealth and LatencyBook. FakeClock.
#include "core/health/peer_figures.h"

#include <doctest/doctest.h>

#include "tests/support/fake_clock.h"

namespace gw {
namespace {

HealthStats stats(std::string provider, std::string model, int64_t requests, int64_t failures, int64_t p50) {
  HealthStats h;
  h.provider = std::move(provider);
  h.model = std::move(model);
  h.requests = requests;
  h.failures = failures;
  h.total_latency_ms = requests * p50;
  h.p50_latency_ms = p50;
  h.last_failure_ms = failures ? 1000 + failures : 0;
  return h;
}

}  // namespace

TEST_CASE("peer figures: the weighted median follows where most samples are") {
  CHECK(weighted_median({}) == 0);
  CHECK(weighted_median({{100, 0}, {200, 0}}) == 0);
  CHECK(weighted_median({{100, 1}}) == 100);
  CHECK(weighted_median({{100, 10}, {900, 1}}) == 100);
  CHECK(weighted_median({{900, 1}, {100, 1}, {500, 1}}) == 500);
  CHECK(weighted_median({{900, 30}, {100, 10}}) == 900);
}

TEST_CASE("peer figures: rows add up; the latest failure wins") {
  HealthStats m = merge_stats({stats("openai", "", 10, 1, 100), stats("openai", "", 30, 3, 300)});
  CHECK(m.provider == "openai");
  CHECK(m.requests == 40);
  CHECK(m.failures == 4);
  CHECK(m.total_latency_ms == 10 * 100 + 30 * 300);
  CHECK(m.last_failure_ms == 1003);
  CHECK(m.p50_latency_ms == 300);
  CHECK(m.success_bp() == 9000);
}

TEST_CASE("peer figures: ProviderHealth merges the others' rows into every read, and forgets them") {
  ProviderHealth h;
  h.record("openai", "openai/gpt-4o", true, 100, 1);
  h.record("openai", "openai/gpt-4o", false, 100, 2);
  h.set_others({stats("openai", "", 8, 0, 50), stats("openai", "openai/gpt-4o", 8, 0, 50), stats("groq", "", 4, 4, 10),
                stats("groq", "groq/llama", 4, 4, 10)});
  auto providers = h.providers();
  REQUIRE(providers.size() == 2);
  CHECK(providers[0].provider == "groq");
  CHECK(providers[0].failures == 4);
  CHECK(providers[1].provider == "openai");
  CHECK(providers[1].requests == 10);
  CHECK(providers[1].failures == 1);
  CHECK(h.models().size() == 2);
  CHECK(h.success_bp("openai", 10) == 9000);
  CHECK(h.success_bp("openai", 11) == std::nullopt);
  CHECK(h.success_bp("groq", 1) == 0);
  CHECK(h.latency("openai", "openai/gpt-4o")->samples == 10);
  CHECK(h.latency("openai", "openai/gpt-4o")->p50_ms == 50);
  // What this instance publishes is its own only.
  auto own = h.own_rows();
  REQUIRE(own.size() == 2);
  CHECK(own[0].requests == 2);
  h.set_others({});
  CHECK(h.providers().size() == 1);
  CHECK(h.success_bp("groq", 1) == std::nullopt);
}

TEST_CASE("peer figures: LatencyBook ranks with the others' figures, its own rows stay its own") {
  FakeClock clock;
  LatencyBook book(clock);
  book.record("mock", "mock/echo", 20, 100);
  book.set_others({{"mock", "mock/echo", {30, 5, 300, 5}},
                   {"mock", "mock/echo", {40, 0, 400, 5}},
                   {"groq", "groq/llama", {0, 0, 50, 2}}});
  AnswerLatency f = book.figures("mock", "mock/echo");
  CHECK(f.total_samples == 11);
  CHECK(f.total_p50_ms == 300);
  CHECK(f.ttft_samples == 6);
  CHECK(f.ttft_p50_ms == 30);
  CHECK(book.figures("groq", "groq/llama").total_samples == 2);
  auto rows = book.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].provider == "groq");
  CHECK(rows[1].latency.total_samples == 11);
  REQUIRE(book.own_rows().size() == 1);
  CHECK(book.own_rows()[0].latency.total_samples == 1);
  book.set_others({});
  CHECK(book.figures("mock", "mock/echo").total_samples == 1);
  CHECK(book.rows().size() == 1);
}

}  // namespace gw
