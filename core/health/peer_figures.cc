// peer_figures.cc - contracts in peer_figures.h.
#include "core/health/peer_figures.h"

#include <algorithm>

namespace gw {

int64_t weighted_median(std::vector<std::pair<int64_t, int64_t>> values) {
  int64_t total = 0;
  for (const auto& v : values) total += std::max<int64_t>(v.second, 0);
  if (total == 0) return 0;
  std::sort(values.begin(), values.end());
  int64_t seen = 0;
  for (const auto& v : values) {
    seen += std::max<int64_t>(v.second, 0);
    if (seen * 2 > total) return v.first;
  }
  return values.back().first;
}

HealthStats merge_stats(const std::vector<HealthStats>& rows) {
  if (rows.empty()) return {};
  HealthStats out = rows.front();
  out.requests = out.probes = out.failures = out.total_latency_ms = out.last_failure_ms = 0;
  std::vector<std::pair<int64_t, int64_t>> p50s;
  for (const HealthStats& r : rows) {
    out.requests += r.requests;
    out.probes += r.probes;
    out.failures += r.failures;
    out.total_latency_ms += r.total_latency_ms;
    out.last_failure_ms = std::max(out.last_failure_ms, r.last_failure_ms);
    p50s.emplace_back(r.p50_latency_ms, std::min<int64_t>(r.requests, ProviderHealth::kLatencyWindow));
  }
  out.p50_latency_ms = weighted_median(std::move(p50s));
  return out;
}

AnswerLatency merge_latency(const std::vector<AnswerLatency>& parts) {
  AnswerLatency out;
  std::vector<std::pair<int64_t, int64_t>> ttft, total;
  for (const AnswerLatency& p : parts) {
    out.ttft_samples += p.ttft_samples;
    out.total_samples += p.total_samples;
    ttft.emplace_back(p.ttft_p50_ms, p.ttft_samples);
    total.emplace_back(p.total_p50_ms, p.total_samples);
  }
  out.ttft_p50_ms = weighted_median(std::move(ttft));
  out.total_p50_ms = weighted_median(std::move(total));
  return out;
}

}  // namespace gw
