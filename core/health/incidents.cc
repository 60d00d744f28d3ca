#include "core/health/incidents.h"

#include <algorithm>
#include <map>

namespace gw {
namespace {

constexpr int64_t kMinSamples = 20;
constexpr int64_t kDegradedBp = 9000;  // 90%
constexpr int64_t kFailingBp = 5000;   // 50%
constexpr int64_t kSlowMs = 10'000;
constexpr int kProbeFailuresHigh = 3;

struct Finding {
  Severity severity;
  std::string reason;
};

// Findings per (provider, model), with the figures behind them.
struct Findings {
  std::vector<Finding> list;
  const HealthStats* stats = nullptr;
};
using FindingMap = std::map<std::pair<std::string, std::string>, Findings>;

std::string over(const HealthStats& h) { return " over " + std::to_string(h.requests) + " attempts"; }

// Success-rate and latency findings of one health row (20+ attempts).
void judge_traffic(const HealthStats& h, bool per_model, Findings& f) {
  if (h.requests < kMinSamples) return;
  if (per_model && h.success_bp() < kFailingBp)
    f.list.push_back({Severity::kHigh, "success rate " + percent_from_bp(h.success_bp()) + over(h)});
  else if (h.success_bp() < kDegradedBp)
    f.list.push_back({Severity::kMedium, "success rate " + percent_from_bp(h.success_bp()) + over(h)});
  if (h.avg_latency_ms() > kSlowMs)
    f.list.push_back({Severity::kLow, "average latency " + std::to_string(h.avg_latency_ms()) + " ms" + over(h)});
}

void judge_breakers(const HealthInputs& in, FindingMap& out) {
  for (const auto& b : in.breakers) {
    if (b.state == BreakerState::kClosed) continue;
    Findings& f = out[{b.provider, ""}];
    bool failing = f.stats && f.stats->success_bp() < kFailingBp;
    std::string state = b.state == BreakerState::kOpen ? "open" : "half-open (on trial)";
    f.list.push_back({failing ? Severity::kCritical : Severity::kHigh,
                      "circuit breaker " + state + " after " + std::to_string(b.consecutive_failures) +
                          " consecutive failures" +
                          (f.stats ? "; success rate " + percent_from_bp(f.stats->success_bp()) : "")});
  }
}

void judge_probes(const HealthInputs& in, FindingMap& out) {
  for (const auto& p : in.probes) {
    if (p.ok) continue;
    Findings& f = out[{p.provider, p.model}];
    f.list.push_back({p.consecutive_failures >= kProbeFailuresHigh ? Severity::kHigh : Severity::kMedium,
                      "active check failed " + std::to_string(p.consecutive_failures) + " time" +
                          (p.consecutive_failures == 1 ? "" : "s") + " in a row: " + p.error});
  }
}

Incident merge(const std::string& provider, const std::string& model, Findings& f) {
  std::stable_sort(f.list.begin(), f.list.end(),
                   [](const Finding& a, const Finding& b) { return a.severity < b.severity; });
  Incident i;
  i.severity = f.list.front().severity;
  i.provider = provider;
  i.model = model;
  for (const Finding& x : f.list) i.summary += (i.summary.empty() ? "" : "; ") + x.reason;
  if (f.stats) {
    i.success_bp = f.stats->success_bp();
    i.p50_latency_ms = f.stats->p50_latency_ms;
  }
  return i;
}

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "critical";
    case Severity::kHigh:
      return "high";
    case Severity::kMedium:
      return "medium";
    case Severity::kLow:
      return "low";
  }
  return "?";
}

std::vector<Incident> derive_incidents(const HealthInputs& in) {
  FindingMap providers, models;
  for (const auto& h : in.providers) {
    Findings& f = providers[{h.provider, ""}];
    f.stats = &h;
    judge_traffic(h, false, f);
  }
  judge_breakers(in, providers);
  for (const auto& h : in.models) {
    Findings& f = models[{h.provider, h.model}];
    f.stats = &h;
    judge_traffic(h, true, f);
  }
  judge_probes(in, models);

  std::vector<Incident> out;
  for (auto& [key, f] : providers)
    if (!f.list.empty()) out.push_back(merge(key.first, key.second, f));
  for (auto& [key, f] : models) {
    auto provider_wide = providers.find({key.first, ""});
    if (f.list.empty() || (provider_wide != providers.end() && !provider_wide->second.list.empty())) continue;
    out.push_back(merge(key.first, key.second, f));
  }
  std::stable_sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
    if (a.severity != b.severity) return a.severity < b.severity;
    return a.provider != b.provider ? a.provider < b.provider : a.model < b.model;
  });
  return out;
}

}  // namespace gw
