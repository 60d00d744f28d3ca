#include "core/router/sticky_routes.h"

#include "core/crypto/crypto.h"

namespace gw {

std::string sticky_key(std::string_view tenant, std::string_view router, std::string_view stable_prefix) {
  std::string material;
  material.reserve(tenant.size() + router.size() + stable_prefix.size() + 2);
  material.append(tenant).append(1, '\0').append(router).append(1, '\0').append(stable_prefix);
  return sha256_hex(material);
}

StickyRoutes::StickyRoutes(const Clock& clock, size_t capacity, int64_t ttl_ms)
    : clock_(clock), capacity_(capacity == 0 ? 1 : capacity), ttl_ms_(ttl_ms) {}

std::optional<StickyChoice> StickyRoutes::get(const std::string& key) {
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  if (it->second->expires_ms <= now) {
    lru_.erase(it->second);
    index_.erase(it);
    return std::nullopt;
  }
  it->second->expires_ms = now + ttl_ms_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->choice;
}

void StickyRoutes::put(const std::string& key, StickyChoice choice) {
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    it->second->choice = std::move(choice);
    it->second->expires_ms = now + ttl_ms_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.push_front(Entry{key, std::move(choice), now + ttl_ms_});
  index_[key] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

size_t StickyRoutes::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace gw
