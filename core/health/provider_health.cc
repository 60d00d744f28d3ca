#include "core/health/provider_health.h"

#include <algorithm>

#include "core/health/peer_figures.h"

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

HealthStats ProviderHealth::merged_locked(const Row* own, std::string_view provider, std::string_view model) const {
  auto it = others_.find(std::pair<std::string_view, std::string_view>(provider, model));
  if (it == others_.end()) return own ? with_p50(*own) : HealthStats{};
  std::vector<HealthStats> rows;
  if (own) rows.push_back(with_p50(*own));
  rows.insert(rows.end(), it->second.begin(), it->second.end());
  return merge_stats(rows);
}

std::vector<HealthStats> ProviderHealth::rows_locked(bool models) const {
  std::map<std::pair<std::string_view, std::string_view>, HealthStats> rows;  // ordered by (provider, model)
  if (models)
    for (const auto& [key, row] : by_model_) rows[{key.first, key.second}] = merged_locked(&row, key.first, key.second);
  else
    for (const auto& [slug, row] : by_provider_) rows[{slug, ""}] = merged_locked(&row, slug, "");
  for (const auto& [key, peers] : others_)
    if (key.second.empty() != models && !rows.count({key.first, key.second}))
      rows[{key.first, key.second}] = merge_stats(peers);
  std::vector<HealthStats> out;
  out.reserve(rows.size());
  for (auto& [key, h] : rows) out.push_back(std::move(h));
  return out;
}

std::optional<int64_t> ProviderHealth::success_bp(std::string_view provider, int64_t min_samples) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_provider_.find(provider);
  int64_t requests = it == by_provider_.end() ? 0 : it->second.stats.requests;
  int64_t failures = it == by_provider_.end() ? 0 : it->second.stats.failures;
  if (auto peers = others_.find(std::pair<std::string_view, std::string_view>(provider, "")); peers != others_.end())
    for (const HealthStats& h : peers->second) {
      requests += h.requests;
      failures += h.failures;
    }
  if (requests < min_samples || requests == 0) return std::nullopt;
  return (requests - failures) * 10000 / requests;
}

std::vector<HealthStats> ProviderHealth::providers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rows_locked(false);
}

std::optional<ProviderHealth::Latency> ProviderHealth::latency(std::string_view provider,
                                                               std::string_view model) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_model_.find(std::pair<std::string_view, std::string_view>(provider, model));
  HealthStats s = merged_locked(it == by_model_.end() ? nullptr : &it->second, provider, model);
  if (s.requests == 0) return std::nullopt;
  return Latency{s.p50_latency_ms, s.requests};
}

std::vector<HealthStats> ProviderHealth::models() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rows_locked(true);
}

std::vector<HealthStats> ProviderHealth::own_rows() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<HealthStats> out;
  for (const auto& [slug, row] : by_provider_) out.push_back(with_p50(row));
  for (const auto& [key, row] : by_model_) out.push_back(with_p50(row));
  return out;
}

void ProviderHealth::set_others(const std::vector<HealthStats>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<HealthStats>, StringPairLess> next;
  for (const HealthStats& h : rows) next[{h.provider, h.model}].push_back(h);
  std::lock_guard<std::mutex> lock(mu_);
  others_.swap(next);
}

}  // namespace gw
