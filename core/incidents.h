// incidents.h - what is wrong right now, by severity, derived from passive
// health and the circuit breakers (no state of its own):
//   Critical - a provider's breaker is open and its success rate is under 50%
//   High     - a provider's breaker is open (or half-open, on trial)
//   Medium   - a provider succeeds on under 90% of at least 20 attempts
//   Low      - a provider's average latency is over 10 s (20+ attempts)
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/circuit_breaker.h"
#include "core/provider_health.h"

namespace gw {

enum class Severity { kCritical, kHigh, kMedium, kLow };
std::string_view severity_name(Severity s);  // "critical" | "high" | "medium" | "low"

struct Incident {
  Severity severity;
  std::string provider;
  std::string summary;  // one line for people
};

// Most severe first, then by provider.
std::vector<Incident> derive_incidents(const std::vector<HealthStats>& health,
                                       const std::vector<BreakerSnapshot>& breakers);

}  // namespace gw
