// memory_semantic_index.cc - see memory_semantic_index.h.
#include "core/cache/memory_semantic_index.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace gw {
namespace {

// Eight independent sums, so the compiler can keep them in vector lanes.
float dot(const float* a, const float* b, size_t n) {
  float s[8] = {};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (size_t j = 0; j < 8; ++j) s[j] += a[i + j] * b[i + j];
  float total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  for (; i < n; ++i) total += a[i] * b[i];
  return total;
}

}  // namespace

std::optional<std::vector<float>> unit_vector(std::span<const float> v) {
  double norm = 0;
  for (float x : v) {
    if (!std::isfinite(x)) return std::nullopt;
    norm += static_cast<double>(x) * x;
  }
  if (v.empty() || !(norm > 0)) return std::nullopt;
  norm = std::sqrt(norm);
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = static_cast<float>(v[i] / norm);
  return out;
}

MemorySemanticIndex::MemorySemanticIndex(const Clock& clock, MemorySemanticSettings settings)
    : clock_(clock), settings_(settings) {}

std::vector<SemanticCandidate> MemorySemanticIndex::nearest(const std::string& context, std::span<const float> unit,
                                                            float min_similarity, size_t k) {
  const int64_t now = clock_.now_unix_ms();
  std::vector<SemanticCandidate> out;
  std::lock_guard<std::mutex> lock(mu_);
  auto found = shelves_.find(context);
  if (found == shelves_.end() || found->second.dims != unit.size() || k == 0) return out;
  Shelf& shelf = found->second;
  std::vector<Order::iterator> expired;
  std::vector<std::pair<float, size_t>> near;  // similarity, row
  for (size_t r = 0; r < shelf.rows.size(); ++r) {
    if (now - shelf.rows[r].stored_ms >= settings_.ttl_ms) {
      expired.push_back(shelf.rows[r].use);
      continue;
    }
    float sim = dot(shelf.matrix.data() + r * shelf.dims, unit.data(), shelf.dims);
    if (sim >= min_similarity) near.emplace_back(sim, r);
  }
  const size_t keep = std::min(k, near.size());
  std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(keep), near.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < keep; ++i) {
    const Row& row = shelf.rows[near[i].second];
    out.push_back({row.answer_key, row.prompt, near[i].first});
  }
  for (Order::iterator it : expired) erase(it);  // after reading rows: erasing moves them
  return out;
}

void MemorySemanticIndex::insert(SemanticEntry entry) {
  if (settings_.max_entries == 0 || entry.unit.empty()) return;
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard<std::mutex> lock(mu_);
  if (auto found = by_key_.find(entry.answer_key); found != by_key_.end()) erase(found->second);
  Shelf& shelf = shelves_[entry.context];
  if (shelf.rows.empty()) shelf.dims = entry.unit.size();
  if (shelf.dims != entry.unit.size()) return;  // another model's vectors: not comparable
  order_.push_front(Use{entry.context, entry.answer_key, shelf.rows.size()});
  by_key_[entry.answer_key] = order_.begin();
  shelf.matrix.insert(shelf.matrix.end(), entry.unit.begin(), entry.unit.end());
  shelf.rows.push_back(Row{std::move(entry.answer_key), std::move(entry.prompt), now, order_.begin()});
  while (order_.size() > settings_.max_entries) erase(std::prev(order_.end()));
}

void MemorySemanticIndex::touch(const std::string& answer_key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto found = by_key_.find(answer_key); found != by_key_.end())
    order_.splice(order_.begin(), order_, found->second);
}

void MemorySemanticIndex::forget(std::span<const std::string> answer_keys) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& key : answer_keys)
    if (auto found = by_key_.find(key); found != by_key_.end()) erase(found->second);
}

size_t MemorySemanticIndex::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return order_.size();
}

// Removes a row by moving the shelf's last row into its place.
void MemorySemanticIndex::erase(Order::iterator it) {
  auto shelf_it = shelves_.find(it->context);
  Shelf& shelf = shelf_it->second;
  const size_t row = it->row, last = shelf.rows.size() - 1;
  if (row != last) {
    shelf.rows[row] = std::move(shelf.rows[last]);
    shelf.rows[row].use->row = row;
    std::memcpy(shelf.matrix.data() + row * shelf.dims, shelf.matrix.data() + last * shelf.dims,
                shelf.dims * sizeof(float));
  }
  shelf.rows.pop_back();
  shelf.matrix.resize(shelf.rows.size() * shelf.dims);
  by_key_.erase(it->answer_key);
  order_.erase(it);
  if (shelf.rows.empty()) shelves_.erase(shelf_it);
}

}  // namespace gw
