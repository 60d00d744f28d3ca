#include "core/provider_health.h"

namespace gw {

void ProviderHealth::add(HealthStats& s, bool ok, int64_t latency_ms, int64_t now_ms) {
  ++s.requests;
  s.total_latency_ms += latency_ms;
  if (!ok) {
    ++s.failures;
    s.last_failure_ms = now_ms;
  }
}

void ProviderHealth::record(std::string_view provider, std::string_view model, bool ok, int64_t latency_ms,
                            int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_provider_.find(provider);
  if (it == by_provider_.end()) {
    it = by_provider_.emplace(std::string(provider), HealthStats{}).first;
    it->second.provider = std::string(provider);
  }
  add(it->second, ok, latency_ms, now_ms);
  auto& m = by_model_[{std::string(provider), std::string(model)}];
  m.provider = std::string(provider);
  m.model = std::string(model);
  add(m, ok, latency_ms, now_ms);
}

std::optional<int64_t> ProviderHealth::success_bp(std::string_view provider, int64_t min_samples) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_provider_.find(provider);
  if (it == by_provider_.end() || it->second.requests < min_samples) return std::nullopt;
  return it->second.success_bp();
}

std::vector<HealthStats> ProviderHealth::providers() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<HealthStats> out;
  for (const auto& [slug, s] : by_provider_) out.push_back(s);
  return out;
}

std::vector<HealthStats> ProviderHealth::models() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<HealthStats> out;
  for (const auto& [key, s] : by_model_) out.push_back(s);
  return out;
}

}  // namespace gw
