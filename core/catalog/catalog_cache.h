// catalog_cache.h - the catalog as gw serves it, from memory only, in two
// cache levels (CM-8.2.2, CM-8.2.3):
//   L2 - each provider's last good model listing (ProviderSync), merged into
//        a CatalogSnapshot. Only the sync writes it (record_listing /
//        record_failure); a failed fetch keeps the last good listing, so a
//        provider that is down never empties the catalog (CM-9.3.2). A
//        listing older than l2_ttl_s is stale: still used, reported in /health.
//   L1 - the rendered bodies of GET /v1/models (one per view), rebuilt from
//        L2 when older than l1_ttl_s or when the snapshot changed.
// Nothing here calls a provider: the request path reads memory (CM-9.3.1).
// Time comes from the Clock given (FakeClock in tests).
//
// Thread-safe.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/ttl_slot.h"
#include "core/catalog/catalog_settings.h"
#include "core/catalog/catalog_sync.h"
#include "core/catalog/catalog_view.h"

namespace gw {

class CatalogCache {
 public:
  // `catalog` and `clock` must outlive the cache.
  CatalogCache(const Catalog& catalog, ProviderAvailable available, CatalogSettings settings, Clock& clock);

  // The JSON body of GET /v1/models ({"object":"list","data":[...]}) for
  // the view (see catalog_view.h), from L1.
  std::shared_ptr<const std::string> models_body(bool full, bool all);
  // The merged L2 snapshot; never null.
  std::shared_ptr<const CatalogSnapshot> snapshot() const;

  // The providers the sync keeps listings for (others are ignored).
  void track(const std::vector<std::string>& providers);
  // A good listing: replaces the provider's L2 entry (and the snapshot when
  // it says something new).
  void record_listing(std::string_view provider, ModelListing listing, int64_t now_ms);
  // A failed fetch: noted; the last good listing stays in use.
  void record_failure(std::string_view provider, std::string error, int64_t now_ms);
  // Another instance's sync result (scale-out: the leader's, published
  // through Redis): every tracked provider named in `states` takes its
  // state as given; the snapshot changes when a listing does.
  void adopt(const std::vector<ProviderSync>& states);
  // Every tracked provider's state, in slug order.
  std::vector<ProviderSync> provider_states() const;

  const Catalog& catalog() const { return catalog_; }
  const CatalogSettings& settings() const { return settings_; }
  ProviderAvailable available() const { return available_; }
  Clock& clock() const { return clock_; }
  int64_t l1_hits() const;
  int64_t l1_builds() const;

 private:
  void remerge_locked();

  const Catalog& catalog_;
  const ProviderAvailable available_;
  const CatalogSettings settings_;
  Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, ProviderSync, std::less<>> providers_;  // L2
  std::shared_ptr<const CatalogSnapshot> snapshot_;
  std::array<TtlSlot<std::string>, 4> l1_;  // [full * 2 + all]
};

}  // namespace gw
