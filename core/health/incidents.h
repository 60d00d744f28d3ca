// incidents.h - what is wrong right now, by severity (CM-11.9), derived from
// passive health, the circuit breakers and the latest active checks. No
// state of its own (core/health/incident_tracker.h remembers which are open).
//
// Provider-wide (model ""):
//   Critical - the breaker is open and the success rate is under 50%
//   High     - the breaker is open (or half-open, on trial)
//   Medium   - under 90% success over at least 20 attempts
//   Low      - average latency over 10 s (20+ attempts)
// Per model on a provider (only when the provider has no incident itself):
//   High     - the last 3+ active checks failed, or under 50% success (20+ attempts)
//   Medium   - the last active check failed, or under 90% success (20+ attempts)
//   Low      - average latency over 10 s (20+ attempts)
// Each (provider, model) gets one incident at its most severe finding; its
// summary lists every finding, most severe first.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/health/circuit_breaker.h"
#include "core/health/provider_health.h"

namespace gw {

enum class Severity { kCritical, kHigh, kMedium, kLow };  // most severe first
std::string_view severity_name(Severity s);               // "critical" | "high" | "medium" | "low"

// The latest active check of one model on one provider.
struct ProbeResult {
  std::string provider;
  std::string model;
  int64_t checked_ms = 0;  // Unix ms
  bool ok = true;
  int consecutive_failures = 0;  // failed checks in a row, up to this one
  int64_t latency_ms = 0;
  std::string error;  // why the last failed check failed
};

struct HealthInputs {
  std::vector<HealthStats> providers;  // ProviderHealth::providers()
  std::vector<HealthStats> models;     // ProviderHealth::models()
  std::vector<BreakerSnapshot> breakers;
  std::vector<ProbeResult> probes;
};

struct Incident {
  Severity severity = Severity::kLow;
  std::string provider;
  std::string model;           // "" = the whole provider
  std::string summary;         // the reasons, one line for people
  int64_t success_bp = 10000;  // success rate behind it (basis points)
  int64_t p50_latency_ms = 0;
};

// Most severe first, then by provider and model.
std::vector<Incident> derive_incidents(const HealthInputs& in);

}  // namespace gw
