// Incidents and their severities (CM-11.9), from health figures, breaker
// states and active checks.
#include "core/health/incidents.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

HealthStats stats(std::string provider, int64_t requests, int64_t failures, int64_t avg_ms = 100,
                  std::string model = "") {
  HealthStats h;
  h.provider = std::move(provider);
  h.model = std::move(model);
  h.requests = requests;
  h.failures = failures;
  h.total_latency_ms = avg_ms * requests;
  h.p50_latency_ms = avg_ms;
  return h;
}

BreakerSnapshot breaker(std::string provider, BreakerState state) {
  BreakerSnapshot b;
  b.provider = std::move(provider);
  b.state = state;
  b.consecutive_failures = 5;
  return b;
}

ProbeResult failed_check(std::string provider, std::string model, int in_a_row) {
  ProbeResult p;
  p.provider = std::move(provider);
  p.model = std::move(model);
  p.ok = false;
  p.consecutive_failures = in_a_row;
  p.error = "HTTP 503";
  return p;
}

}  // namespace

TEST_CASE("incidents: the four severities are critical, high, medium and low") {
  CHECK(severity_name(Severity::kCritical) == "critical");
  CHECK(severity_name(Severity::kHigh) == "high");
  CHECK(severity_name(Severity::kMedium) == "medium");
  CHECK(severity_name(Severity::kLow) == "low");
}

TEST_CASE("incidents: an open breaker on a mostly failing provider is critical") {
  auto list =
      derive_incidents({.providers = {stats("groq", 40, 30)}, .breakers = {breaker("groq", BreakerState::kOpen)}});
  REQUIRE(list.size() == 1);
  CHECK(list[0].severity == Severity::kCritical);
  CHECK(list[0].model.empty());
  CHECK(list[0].success_bp == 2500);
  CHECK(list[0].summary.find("success rate 25.0%") != std::string::npos);
}

TEST_CASE("incidents: an open breaker alone is high; half-open too") {
  auto list = derive_incidents({.breakers = {breaker("a", BreakerState::kOpen), breaker("b", BreakerState::kHalfOpen),
                                             breaker("c", BreakerState::kClosed)}});
  REQUIRE(list.size() == 2);
  CHECK(list[0].severity == Severity::kHigh);
  CHECK(list[1].summary.find("half-open") != std::string::npos);
}

TEST_CASE("incidents: under 90% success over 20+ attempts is medium; fewer attempts are not judged") {
  auto list = derive_incidents({.providers = {stats("x", 20, 3), stats("y", 19, 10), stats("z", 100, 10)}});
  REQUIRE(list.size() == 1);
  CHECK(list[0].provider == "x");
  CHECK(list[0].severity == Severity::kMedium);
}

TEST_CASE("incidents: slow providers are low, and the list is most severe first") {
  auto list = derive_incidents({.providers = {stats("slow", 30, 0, 12'000), stats("bad", 30, 29)},
                                .breakers = {breaker("bad", BreakerState::kOpen)}});
  REQUIRE(list.size() == 2);
  CHECK(list[0].severity == Severity::kCritical);
  CHECK(list[1].severity == Severity::kLow);
  CHECK(list[1].p50_latency_ms == 12'000);
}

TEST_CASE("incidents: one incident per provider, at its worst finding, listing every finding") {
  auto list = derive_incidents({.providers = {stats("x", 40, 10, 15'000)}});
  REQUIRE(list.size() == 1);
  CHECK(list[0].severity == Severity::kMedium);
  CHECK(list[0].summary == "success rate 75.0% over 40 attempts; average latency 15000 ms over 40 attempts");
}

TEST_CASE("incidents: one model failing on a healthy provider is its own incident") {
  auto list = derive_incidents({.providers = {stats("groq", 100, 30)},
                                .models = {stats("groq", 40, 30, 100, "m/bad"), stats("groq", 60, 0, 100, "m/good")}});
  // The provider as a whole (70%) is medium, which covers its models.
  REQUIRE(list.size() == 1);
  CHECK(list[0].model.empty());

  list = derive_incidents({.providers = {stats("groq", 400, 30)},
                           .models = {stats("groq", 40, 30, 100, "m/bad"), stats("groq", 360, 0, 100, "m/good")}});
  REQUIRE(list.size() == 1);
  CHECK(list[0].model == "m/bad");
  CHECK(list[0].severity == Severity::kHigh);  // under 50% for one model
}

TEST_CASE("incidents: failed active checks are medium, three in a row high") {
  auto once = derive_incidents({.probes = {failed_check("openai", "openai/gpt-4o", 1)}});
  REQUIRE(once.size() == 1);
  CHECK(once[0].severity == Severity::kMedium);
  CHECK(once[0].model == "openai/gpt-4o");
  CHECK(once[0].summary == "active check failed 1 time in a row: HTTP 503");
  auto thrice = derive_incidents({.probes = {failed_check("openai", "openai/gpt-4o", 3)}});
  REQUIRE(thrice.size() == 1);
  CHECK(thrice[0].severity == Severity::kHigh);
  ProbeResult fine;
  fine.provider = "openai";
  fine.model = "openai/gpt-4o";
  CHECK(derive_incidents({.probes = {fine}}).empty());
}

}  // namespace gw
