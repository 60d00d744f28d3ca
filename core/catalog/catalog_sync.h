// catalog_sync.h - the pure half of the catalog sync: what providers' own
// model listings say about the compiled-in catalog, and when each listing is
// due for a refresh. The I/O half (fetching listings on a background thread)
// is proxy/monitor/catalog_syncer.h; the caches are core/catalog/catalog_cache.h.
//
// Rules:
//   - The compiled-in catalog stays the source of models and prices. A
//     listing can confirm an offer (model x provider) as listed or show it
//     unlisted; it never adds a model (a model without a price is never
//     served) and a listing that failed changes nothing: the last good
//     listing of that provider keeps counting.
//   - An offer is unlisted only when the provider's listing is complete (a
//     paginated listing with more pages confirms, never denies).
//   - Refreshes: a provider with no listing is due at once; after a good
//     listing, every sync_interval_s; after a failure, kRetryAfterFailureMs
//     later (at most sync_interval_s). A listing older than l2_ttl_s is stale:
//     still used, and reported so in /health.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/catalog/catalog_settings.h"
#include "core/catalog/model_listing.h"

namespace gw {

enum class OfferStatus {
  kUnknown,   // no listing from that provider (or it did not say)
  kListed,    // the provider's listing names the offer's native ID
  kUnlisted,  // the provider's complete listing leaves it out
};
std::string_view offer_status_name(OfferStatus s);  // "unknown" | "listed" | "unlisted"

// One provider's listing state: an entry of the L2 cache.
struct ProviderSync {
  std::string provider;
  int64_t last_attempt_ms = 0;  // Unix ms of the last fetch; 0 = never tried
  int64_t last_success_ms = 0;  // Unix ms `listing` was fetched; 0 = no good listing yet
  std::string last_error;       // "" when the last attempt succeeded
  int consecutive_failures = 0;
  ModelListing listing;  // the last good listing (kept when later fetches fail)

  bool has_listing() const { return last_success_ms > 0; }
};

// A retry after a failed listing waits this long (or sync_interval_s if shorter).
constexpr int64_t kRetryAfterFailureMs = 60'000;

// Unix ms at which the provider's listing should next be fetched (0 = now).
int64_t next_sync_ms(const ProviderSync& p, const CatalogSettings& settings);
// True while the last good listing is younger than l2_ttl_s.
bool listing_fresh(const ProviderSync& p, int64_t now_ms, const CatalogSettings& settings);

// Per provider: what its last good listing said about the catalog.
struct ListingCounts {
  int listed = 0;          // catalog offers it names
  int unlisted = 0;        // catalog offers it leaves out (complete listings only)
  int not_in_catalog = 0;  // IDs it lists that the catalog lacks: never served (no price)
};

// The catalog as the listings see it: the L2 view the L1 answers are built from.
struct CatalogSnapshot {
  uint64_t generation = 0;                                      // bumped by the cache whenever a listing changes it
  std::map<std::string, OfferStatus, std::less<>> offers;       // offer_key -> status; absent = unknown
  std::map<std::string, ListingCounts, std::less<>> providers;  // by provider slug, listed providers only

  OfferStatus status(std::string_view model_id, std::string_view provider) const;
};

// "model provider": the key of an offer in CatalogSnapshot::offers.
std::string offer_key(std::string_view model_id, std::string_view provider);

// Merges the last good listings into the catalog's offers.
CatalogSnapshot merge_listings(const Catalog& catalog, const std::vector<ProviderSync>& providers);

}  // namespace gw
