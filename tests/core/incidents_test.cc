// Incidents and their severities, from health figures and breaker states.
#include <doctest/doctest.h>

#include "core/incidents.h"

namespace gw {
namespace {

HealthStats stats(std::string provider, int64_t requests, int64_t failures, int64_t avg_ms = 100) {
  HealthStats h;
  h.provider = std::move(provider);
  h.requests = requests;
  h.failures = failures;
  h.total_latency_ms = avg_ms * requests;
  return h;
}

BreakerSnapshot breaker(std::string provider, BreakerState state) {
  BreakerSnapshot b;
  b.provider = std::move(provider);
  b.state = state;
  b.consecutive_failures = 5;
  return b;
}

}  // namespace

TEST_CASE("incidents: an open breaker on a mostly failing provider is critical") {
  auto list = derive_incidents({stats("groq", 40, 30)}, {breaker("groq", BreakerState::kOpen)});
  REQUIRE(list.size() == 1);
  CHECK(list[0].severity == Severity::kCritical);
  CHECK(list[0].summary.find("success rate 25.0%") != std::string::npos);
}

TEST_CASE("incidents: an open breaker alone is high; half-open too") {
  auto list = derive_incidents({}, {breaker("a", BreakerState::kOpen), breaker("b", BreakerState::kHalfOpen),
                                    breaker("c", BreakerState::kClosed)});
  REQUIRE(list.size() == 2);
  CHECK(list[0].severity == Severity::kHigh);
  CHECK(list[1].summary.find("half-open") != std::string::npos);
}

TEST_CASE("incidents: under 90% success over 20+ attempts is medium; fewer attempts are not judged") {
  auto list = derive_incidents({stats("x", 20, 3), stats("y", 19, 10), stats("z", 100, 10)}, {});
  REQUIRE(list.size() == 1);
  CHECK(list[0].provider == "x");
  CHECK(list[0].severity == Severity::kMedium);
}

TEST_CASE("incidents: slow providers are low, and the list is most severe first") {
  auto list = derive_incidents({stats("slow", 30, 0, 12'000), stats("bad", 30, 29)}, {breaker("bad", BreakerState::kOpen)});
  REQUIRE(list.size() == 2);
  CHECK(list[0].severity == Severity::kCritical);
  CHECK(list[1].severity == Severity::kLow);
  CHECK(severity_name(list[1].severity) == "low");
}

}  // namespace gw
