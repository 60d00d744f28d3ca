#include "core/catalog/catalog_sync.h"

#include <algorithm>
#include <set>

namespace gw {

std::string_view offer_status_name(OfferStatus s) {
  switch (s) {
    case OfferStatus::kListed:
      return "listed";
    case OfferStatus::kUnlisted:
      return "unlisted";
    case OfferStatus::kUnknown:
      break;
  }
  return "unknown";
}

int64_t next_sync_ms(const ProviderSync& p, const CatalogSettings& settings) {
  int64_t interval_ms = int64_t{settings.sync_interval_s} * 1000;
  if (p.last_attempt_ms == 0) return 0;
  if (!p.last_error.empty()) return p.last_attempt_ms + std::min(kRetryAfterFailureMs, interval_ms);
  return p.last_success_ms + interval_ms;
}

bool listing_fresh(const ProviderSync& p, int64_t now_ms, const CatalogSettings& settings) {
  return p.has_listing() && now_ms - p.last_success_ms < int64_t{settings.l2_ttl_s} * 1000;
}

std::string offer_key(std::string_view model_id, std::string_view provider) {
  std::string key;
  key.reserve(model_id.size() + provider.size() + 1);
  key.append(model_id).append(" ").append(provider);
  return key;
}

OfferStatus CatalogSnapshot::status(std::string_view model_id, std::string_view provider) const {
  auto it = offers.find(offer_key(model_id, provider));
  return it == offers.end() ? OfferStatus::kUnknown : it->second;
}

CatalogSnapshot merge_listings(const Catalog& catalog, const std::vector<ProviderSync>& providers) {
  CatalogSnapshot snap;
  for (const ProviderSync& p : providers) {
    if (!p.has_listing()) continue;
    std::set<std::string_view> listed(p.listing.ids.begin(), p.listing.ids.end());
    std::set<std::string_view> known;  // listed IDs the catalog offers
    ListingCounts& counts = snap.providers[p.provider];
    for (const CatalogModel& m : catalog.models()) {
      for (const ModelOffer& o : m.offers) {
        if (o.provider != p.provider) continue;
        if (listed.count(o.native_id)) {
          known.insert(o.native_id);
          snap.offers[offer_key(m.id, o.provider)] = OfferStatus::kListed;
          ++counts.listed;
        } else if (p.listing.complete) {
          snap.offers[offer_key(m.id, o.provider)] = OfferStatus::kUnlisted;
          ++counts.unlisted;
        }
      }
    }
    counts.not_in_catalog = static_cast<int>(listed.size() - known.size());
  }
  return snap;
}

}  // namespace gw
