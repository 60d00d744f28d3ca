#include "core/catalog/catalog_cache.h"

#include <nlohmann/json.hpp>

namespace gw {

CatalogCache::CatalogCache(const Catalog& catalog, ProviderAvailable available, CatalogSettings settings, Clock& clock)
    : catalog_(catalog),
      available_(std::move(available)),
      settings_(settings),
      clock_(clock),
      snapshot_(std::make_shared<const CatalogSnapshot>()) {}

std::shared_ptr<const std::string> CatalogCache::models_body(bool full, bool all) {
  std::shared_ptr<const CatalogSnapshot> snap = snapshot();
  TtlSlot<std::string>& slot = l1_[(full ? 2 : 0) + (all ? 1 : 0)];
  return slot.get(clock_.now_unix_ms(), int64_t{settings_.l1_ttl_s} * 1000, snap->generation, [&] {
    nlohmann::json data = catalog_view(catalog_, available_, full, all, snap.get());
    return nlohmann::json{{"object", "list"}, {"data", std::move(data)}}.dump();
  });
}

std::shared_ptr<const CatalogSnapshot> CatalogCache::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

void CatalogCache::track(const std::vector<std::string>& providers) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& slug : providers) providers_[slug].provider = slug;
}

void CatalogCache::record_listing(std::string_view provider, ModelListing listing, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = providers_.find(provider);
  if (it == providers_.end()) return;
  ProviderSync& p = it->second;
  bool changed = !p.has_listing() || p.listing.ids != listing.ids || p.listing.complete != listing.complete;
  p.last_attempt_ms = now_ms;
  p.last_success_ms = now_ms;
  p.last_error.clear();
  p.consecutive_failures = 0;
  p.listing = std::move(listing);
  if (changed) remerge_locked();
}

void CatalogCache::record_failure(std::string_view provider, std::string error, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = providers_.find(provider);
  if (it == providers_.end()) return;
  it->second.last_attempt_ms = now_ms;
  it->second.last_error = std::move(error);
  ++it->second.consecutive_failures;
}

void CatalogCache::adopt(const std::vector<ProviderSync>& states) {
  std::lock_guard<std::mutex> lock(mu_);
  bool changed = false;
  for (const ProviderSync& next : states) {
    auto it = providers_.find(next.provider);
    if (it == providers_.end()) continue;
    ProviderSync& p = it->second;
    changed = changed || p.has_listing() != next.has_listing() || p.listing.ids != next.listing.ids ||
              p.listing.complete != next.listing.complete;
    p = next;
  }
  if (changed) remerge_locked();
}

std::vector<ProviderSync> CatalogCache::provider_states() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProviderSync> out;
  for (const auto& [slug, p] : providers_) out.push_back(p);
  return out;
}

void CatalogCache::remerge_locked() {
  std::vector<ProviderSync> all;
  for (const auto& [slug, p] : providers_) all.push_back(p);
  auto next = std::make_shared<CatalogSnapshot>(merge_listings(catalog_, all));
  next->generation = snapshot_->generation + 1;
  snapshot_ = std::move(next);
}

int64_t CatalogCache::l1_hits() const {
  int64_t n = 0;
  for (const auto& slot : l1_) n += slot.hits();
  return n;
}

int64_t CatalogCache::l1_builds() const {
  int64_t n = 0;
  for (const auto& slot : l1_) n += slot.builds();
  return n;
}

}  // namespace gw
