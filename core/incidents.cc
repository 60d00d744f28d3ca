#include "core/incidents.h"

#include <algorithm>

namespace gw {
namespace {

constexpr int64_t kMinSamples = 20;
constexpr int64_t kDegradedBp = 9000;   // 90%
constexpr int64_t kFailingBp = 5000;    // 50%
constexpr int64_t kSlowMs = 10'000;

std::string percent(int64_t bp) { return std::to_string(bp / 100) + "." + std::to_string(bp / 10 % 10) + "%"; }

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kCritical: return "critical";
    case Severity::kHigh: return "high";
    case Severity::kMedium: return "medium";
    case Severity::kLow: return "low";
  }
  return "?";
}

std::vector<Incident> derive_incidents(const std::vector<HealthStats>& health,
                                       const std::vector<BreakerSnapshot>& breakers) {
  std::vector<Incident> out;
  auto stats_for = [&](const std::string& provider) -> const HealthStats* {
    for (const auto& h : health)
      if (h.provider == provider && h.model.empty()) return &h;
    return nullptr;
  };
  for (const auto& b : breakers) {
    if (b.state == BreakerState::kClosed) continue;
    const HealthStats* h = stats_for(b.provider);
    bool failing = h && h->success_bp() < kFailingBp;
    std::string state = b.state == BreakerState::kOpen ? "open" : "half-open (on trial)";
    out.push_back({failing ? Severity::kCritical : Severity::kHigh, b.provider,
                   "circuit breaker " + state + " after " + std::to_string(b.consecutive_failures) +
                       " consecutive failures" + (h ? "; success rate " + percent(h->success_bp()) : "")});
  }
  for (const auto& h : health) {
    if (!h.model.empty() || h.requests < kMinSamples) continue;
    bool reported = std::any_of(out.begin(), out.end(), [&](const Incident& i) { return i.provider == h.provider; });
    if (!reported && h.success_bp() < kDegradedBp)
      out.push_back({Severity::kMedium, h.provider,
                     "success rate " + percent(h.success_bp()) + " over " + std::to_string(h.requests) + " attempts"});
    if (h.avg_latency_ms() > kSlowMs)
      out.push_back({Severity::kLow, h.provider,
                     "average latency " + std::to_string(h.avg_latency_ms()) + " ms over " + std::to_string(h.requests) +
                         " attempts"});
  }
  std::stable_sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
    return a.severity != b.severity ? a.severity < b.severity : a.provider < b.provider;
  });
  return out;
}

}  // namespace gw
