// lru_rate_limit_store.cc - contracts in lru_rate_limit_store.h.
#include "core/limits/lru_rate_limit_store.h"

#include <algorithm>

namespace gw {

LruRateLimitStore::LruRateLimitStore(Clock& clock, size_t capacity, int64_t ttl_ms)
    : clock_(clock), capacity_(std::max<size_t>(capacity, 1)), ttl_ms_(ttl_ms) {}

LruRateLimitStore::Entry& LruRateLimitStore::use(std::string_view name, int64_t now_ms) {
  auto found = index_.find(name);
  if (found != index_.end()) {
    order_.splice(order_.begin(), order_, found->second);  // nodes do not move: the index's views stay valid
    Entry& e = order_.front();
    if (expired(e, now_ms)) {
      e.window = WindowCount{};
      e.level = 0;
    }
    e.written_ms = now_ms;
    return e;
  }
  if (order_.size() >= capacity_) {
    index_.erase(order_.back().name);
    order_.pop_back();
  }
  order_.push_front(Entry{std::string(name), WindowCount{}, 0, now_ms});
  index_.emplace(order_.front().name, order_.begin());
  return order_.front();
}

Result<int64_t> LruRateLimitStore::add(std::string_view name, int64_t window_start_ms, int64_t window_ms,
                                       int64_t amount) {
  std::lock_guard<std::mutex> lock(mu_);
  return use(name, clock_.now_unix_ms()).window.add(window_start_ms, window_ms, amount);
}

Result<int64_t> LruRateLimitStore::gauge(std::string_view name, int64_t delta) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = use(name, clock_.now_unix_ms());
  e.level = std::max<int64_t>(0, e.level + delta);
  return e.level;
}

size_t LruRateLimitStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return order_.size();
}

bool LruRateLimitStore::contains(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = index_.find(name);
  return found != index_.end() && !expired(*found->second, clock_.now_unix_ms());
}

}  // namespace gw
