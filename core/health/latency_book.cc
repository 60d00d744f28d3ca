#include "core/health/latency_book.h"

#include <algorithm>

#include "core/health/peer_figures.h"

namespace gw {

void LatencyBook::Ring::add(int64_t value, int64_t now_ms) {
  ms[next % kWindow] = std::max<int64_t>(value, 0);
  at[next % kWindow] = now_ms;
  ++next;
}

std::pair<int64_t, int64_t> LatencyBook::Ring::p50(int64_t now_ms) const {
  std::array<int64_t, kWindow> fresh{};
  size_t n = 0;
  const size_t filled = std::min(next, kWindow);
  for (size_t i = 0; i < filled; ++i)
    if (now_ms - at[i] <= kMaxAgeMs) fresh[n++] = ms[i];
  if (n == 0) return {0, 0};
  auto mid = fresh.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(fresh.begin(), mid, fresh.begin() + static_cast<std::ptrdiff_t>(n));
  return {*mid, static_cast<int64_t>(n)};
}

void LatencyBook::record(std::string_view provider, std::string_view model, std::optional<int64_t> ttft_ms,
                         int64_t total_ms) {
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pairs_.find(std::pair<std::string_view, std::string_view>(provider, model));
  if (it == pairs_.end()) {
    if (pairs_.size() >= kMaxPairs) return;
    it = pairs_.emplace(std::pair(std::string(provider), std::string(model)), Pair{}).first;
  }
  if (ttft_ms) it->second.ttft.add(*ttft_ms, now);
  it->second.total.add(total_ms, now);
}

AnswerLatency LatencyBook::figures_locked(const Pair& p, int64_t now_ms) const {
  AnswerLatency out;
  std::tie(out.ttft_p50_ms, out.ttft_samples) = p.ttft.p50(now_ms);
  std::tie(out.total_p50_ms, out.total_samples) = p.total.p50(now_ms);
  return out;
}

AnswerLatency LatencyBook::figures(std::string_view provider, std::string_view model) const {
  const int64_t now = clock_.now_unix_ms();
  const std::pair<std::string_view, std::string_view> key(provider, model);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pairs_.find(key);
  AnswerLatency own = it == pairs_.end() ? AnswerLatency{} : figures_locked(it->second, now);
  auto peers = others_.find(key);
  if (peers == others_.end()) return own;
  std::vector<AnswerLatency> parts = peers->second;
  parts.push_back(own);
  return merge_latency(parts);
}

std::vector<LatencyBook::Row> LatencyBook::rows() const {
  std::vector<Row> own = own_rows();
  std::lock_guard<std::mutex> lock(mu_);
  if (others_.empty()) return own;
  std::map<std::pair<std::string, std::string>, std::vector<AnswerLatency>> all(others_.begin(), others_.end());
  for (Row& r : own) all[{r.provider, r.model}].push_back(r.latency);
  std::vector<Row> out;
  out.reserve(all.size());
  for (const auto& [key, parts] : all) out.push_back(Row{key.first, key.second, merge_latency(parts)});
  return out;
}

std::vector<LatencyBook::Row> LatencyBook::own_rows() const {
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Row> out;
  out.reserve(pairs_.size());
  for (const auto& [key, pair] : pairs_) out.push_back(Row{key.first, key.second, figures_locked(pair, now)});
  return out;
}

void LatencyBook::set_others(const std::vector<Row>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<AnswerLatency>, StringPairLess> next;
  for (const Row& r : rows)
    if (r.latency.total_samples > 0 || r.latency.ttft_samples > 0) next[{r.provider, r.model}].push_back(r.latency);
  std::lock_guard<std::mutex> lock(mu_);
  others_.swap(next);
}

}  // namespace gw
