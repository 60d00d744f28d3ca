// memory_response_cache.cc - see memory_response_cache.h.
#include "core/cache/memory_response_cache.h"

namespace gw {

size_t CachedAnswer::bytes() const {
  size_t n = sizeof(CachedAnswer) + model.size() + tenant.size() + body.size();
  for (const CachedFrame& f : frames) n += sizeof(CachedFrame) + f.bytes.size();
  return n;
}

MemoryResponseCache::MemoryResponseCache(const Clock& clock, MemoryCacheSettings settings)
    : clock_(clock), settings_(settings) {}

std::shared_ptr<const CachedAnswer> MemoryResponseCache::get(const std::string& key, std::optional<int64_t> max_age_s) {
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard<std::mutex> lock(mu_);
  auto found = index_.find(key);
  if (found == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  const Order::iterator it = found->second;
  const int64_t age_ms = now - it->answer->stored_ms;
  if (age_ms >= settings_.ttl_ms) {
    erase(it);
    ++stats_.expirations;
    ++stats_.misses;
    return nullptr;
  }
  if (max_age_s && age_ms > *max_age_s * 1000) {  // too old for this caller; others may still use it
    ++stats_.misses;
    return nullptr;
  }
  order_.splice(order_.begin(), order_, it);
  ++stats_.hits;
  stats_.saved = stats_.saved.plus(it->answer->cost).value_or(stats_.saved);  // past $900M: stays put
  return it->answer;
}

void MemoryResponseCache::put(const std::string& key, CachedAnswer answer) {
  answer.stored_ms = clock_.now_unix_ms();
  const size_t bytes = answer.bytes() + key.size();
  if (bytes > settings_.max_bytes || settings_.max_entries == 0) return;
  auto shared = std::make_shared<const CachedAnswer>(std::move(answer));
  std::lock_guard<std::mutex> lock(mu_);
  if (auto found = index_.find(key); found != index_.end()) erase(found->second);
  order_.push_front(Entry{key, std::move(shared), bytes});
  index_.emplace(key, order_.begin());
  stats_.bytes += bytes;
  ++stats_.stores;
  while (order_.size() > settings_.max_entries || stats_.bytes > settings_.max_bytes) {
    erase(std::prev(order_.end()));
    ++stats_.evictions;
  }
}

void MemoryResponseCache::drop(const std::string& key, std::string_view why) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto found = index_.find(key); found != index_.end()) {
    // The get() that found it counted its saving; nothing was saved.
    stats_.saved = stats_.saved.minus(found->second->answer->cost).value_or(stats_.saved);
    erase(found->second);
  }
  ++stats_.failures;
  stats_.last_failure = why;
  // The get() that found it counted a hit; the request went upstream.
  if (stats_.hits > 0) --stats_.hits;
  ++stats_.misses;
}

std::vector<std::string> MemoryResponseCache::clear(std::string_view model, std::string_view tenant) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> removed;
  for (auto it = order_.begin(); it != order_.end();) {
    auto next = std::next(it);
    if ((model.empty() || it->answer->model == model) && (tenant.empty() || it->answer->tenant == tenant)) {
      removed.push_back(it->key);
      erase(it);
    }
    it = next;
  }
  return removed;
}

CacheStats MemoryResponseCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  CacheStats s = stats_;
  s.entries = order_.size();
  return s;
}

void MemoryResponseCache::erase(Order::iterator it) {
  stats_.bytes -= it->bytes;
  index_.erase(it->key);
  order_.erase(it);
}

}  // namespace gw
