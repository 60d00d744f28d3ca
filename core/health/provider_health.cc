#include "core/health/provider_health.h"

#include <algorithm>

namespace gw {

std::string percent_from_bp(int64_t bp) { return std::to_string(bp / 100) + "." + std::to_string(bp / 10 % 10) + "%"; }

void ProviderHealth::add(Row& row, bool ok, int64_t latency_ms, int64_t now_ms, bool probe) {
  HealthStats& s = row.stats;
  ++s.requests;
  if (probe) ++s.probes;
  s.total_latency_ms += latency_ms;
  if (!ok) {
    ++s.failures;
    s.last_failure_ms = now_ms;
  }
  row.recent[row.next++ % kLatencyWindow] = latency_ms;
}

HealthStats ProviderHealth::with_p50(const Row& row) {
  HealthStats s = row.stats;
  size_t n = std::min<size_t>(row.next, kLatencyWindow);
  if (n == 0) return s;
  std::array<int64_t, kLatencyWindow> sorted = row.recent;
  auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(sorted.begin(), mid, sorted.begin() + static_cast<std::ptrdiff_t>(n));
  s.p50_latency_ms = *mid;
  return s;
}

void ProviderHealth::record(std::string_view provider, std::string_view model, bool ok, int64_t latency_ms,
                            int64_t now_ms, bool probe) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_provider_.find(provider);
  if (it == by_provider_.end()) {
    it = by_provider_.emplace(std::string(provider), Row{}).first;
    it->second.stats.provider = std::string(provider);
  }
  add(it->second, ok, latency_ms, now_ms, probe);
  auto found = by_model_.find(std::pair<std::string_view, std::string_view>(provider, model));
  if (found == by_model_.end()) {
    found = by_model_.emplace(std::pair(std::string(provider), std::string(model)), Row{}).first;
    found->second.stats.provider = std::string(provider);
    found->second.stats.model = std::string(model);
  }
  add(found->second, ok, latency_ms, now_ms, probe);
}

std::optional<int64_t> ProviderHealth::success_bp(std::string_view provider, int64_t min_samples) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_provider_.find(provider);
  if (it == by_provider_.end() || it->second.stats.requests < min_samples) return std::nullopt;
  return it->second.stats.success_bp();
}

std::vector<HealthStats> ProviderHealth::providers() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<HealthStats> out;
  for (const auto& [slug, row] : by_provider_) out.push_back(with_p50(row));
  return out;
}

std::optional<ProviderHealth::Latency> ProviderHealth::latency(std::string_view provider,
                                                               std::string_view model) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_model_.find(std::pair<std::string_view, std::string_view>(provider, model));
  if (it == by_model_.end() || it->second.stats.requests == 0) return std::nullopt;
  return Latency{with_p50(it->second).p50_latency_ms, it->second.stats.requests};
}

std::vector<HealthStats> ProviderHealth::models() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<HealthStats> out;
  for (const auto& [key, row] : by_model_) out.push_back(with_p50(row));
  return out;
}

}  // namespace gw
