// usage_rollup.cc - contracts in usage_rollup.h.
#include "core/dashboard/usage_rollup.h"

namespace gw {

namespace {

constexpr std::string_view kDimNames[] = {"total", "model", "provider", "user", "key", "route"};

int64_t floor_to(int64_t ms, int64_t grain) {
  int64_t q = ms / grain;
  if (ms % grain != 0 && ms < 0) --q;
  return q * grain;
}

}  // namespace

std::string_view rollup_dim_name(RollupDim dim) { return kDimNames[static_cast<int>(dim)]; }

std::optional<RollupDim> parse_rollup_dim(std::string_view name) {
  for (int i = 1; i < static_cast<int>(std::size(kDimNames)); ++i)
    if (kDimNames[i] == name) return static_cast<RollupDim>(i);
  return std::nullopt;
}

void RollupSums::add(const RollupSums& o) {
  requests += o.requests, errors += o.errors, prompt_tokens += o.prompt_tokens;
  completion_tokens += o.completion_tokens, cost_units += o.cost_units, saved_units += o.saved_units;
  cache_hits += o.cache_hits, latency_ms += o.latency_ms, overhead_us += o.overhead_us;
  for (size_t i = 0; i < latency.size(); ++i) latency[i] += o.latency[i];
}

void RollupBatch::add(const RollupInput& row) {
  RollupSums one;
  one.requests = 1;
  one.errors = is_error_status(row.status) ? 1 : 0;
  one.prompt_tokens = row.prompt_tokens;
  one.completion_tokens = row.completion_tokens;
  one.cost_units = row.cost_units;
  one.saved_units = row.saved_units;
  one.cache_hits = row.provider == "cache" ? 1 : 0;
  one.latency_ms = row.latency_ms;
  one.overhead_us = row.overhead_us;
  one.latency[latency_bucket(row.latency_ms)] = 1;
  const std::string route =
      row.router.empty() ? std::string() : std::string(row.router) + " -> " + std::string(row.model);
  const std::pair<RollupDim, std::string_view> dims[] = {
      {RollupDim::kTotal, ""},
      {RollupDim::kModel, row.model},
      {RollupDim::kProvider, row.provider},
      {RollupDim::kUser, row.user_id.empty() ? kOwnerValue : row.user_id},
      {RollupDim::kKey, row.key_id.empty() ? kNoKeyValue : row.key_id},
      {RollupDim::kRoute, route},
  };
  for (int64_t grain : kRollupGrains) {
    const int64_t bucket = floor_to(row.created_ms, grain);
    for (const auto& dim : dims) {
      if (dim.first == RollupDim::kRoute && dim.second.empty()) continue;
      cells_[RollupKey{grain, dim.first, bucket, std::string(dim.second)}].add(one);
    }
  }
  if (row.created_ms > newest_ms_) newest_ms_ = row.created_ms;
}

std::optional<DashboardWindow> parse_dashboard_window(std::string_view name) {
  for (const DashboardWindow& w : kDashboardWindows)
    if (w.name == name) return w;
  return std::nullopt;
}

int64_t window_start_ms(const DashboardWindow& window, int64_t now_ms) {
  return floor_to(now_ms, window.grain_ms) - (window.buckets - 1) * window.grain_ms;
}

}  // namespace gw
