// catalog_settings.h - the [catalog] settings: background sync of providers'
// model listings and the /v1/models caches (core/catalog/catalog_cache.h). Plain
// value type; part of gw's Config (core/config/config.h), which parses it.
#pragma once

namespace gw {

// The model catalog served on /v1/models (see core/catalog/catalog_cache.h).
struct CatalogSettings {
  bool sync = false;          // fetch each provider's model listing in the background;
                              // default off: gw makes no outbound calls unless asked
  int sync_interval_s = 900;  // seconds between refreshes of a provider's listing (15 min)
  int l1_ttl_s = 300;         // L1: rendered /v1/models answers kept in memory (5 min)
  int l2_ttl_s = 1200;        // L2: a provider's listing counts as fresh (20 min); an older
                              // one is still served (last good data) and reported stale
};

}  // namespace gw
