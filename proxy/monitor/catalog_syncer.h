// catalog_syncer.h - the I/O half of the catalog sync (the pure half is
// core/catalog/catalog_sync.h): fetches each configured provider's model listing
// through the HttpClient and stores the outcome in the CatalogCache's L2. A
// failed fetch (down, 5xx, bad JSON) is recorded and the last good listing
// stays in use. Runs on a background PeriodicWorker when [catalog] sync =
// true; POST /admin/catalog/sync (`gw models sync`) runs it on demand. Never
// runs on a client request's path.
//
// The providers synced are the enabled ones that serve at least one catalog
// model. With several instances (proxy/monitor/cluster_sync.h) the
// background runs happen only while set_gate()'s function says this
// instance may work (the leader); the others adopt the leader's listings.
// Thread-safe: runs are serialized.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/catalog/catalog_cache.h"
#include "proxy/io/periodic_worker.h"
#include "proxy/pipeline/services.h"

namespace gw {

// What one fetch of one provider's listing did.
struct ListingOutcome {
  std::string provider;
  bool ok = false;
  size_t models = 0;  // IDs the provider listed
  std::string error;  // when !ok
  int64_t duration_ms = 0;
};

class CatalogSyncer {
 public:
  // `services` (its providers, clients, clock, config) and `cache` must outlive the syncer.
  CatalogSyncer(const Services& services, CatalogCache& cache);
  ~CatalogSyncer();

  // Fetches every listing that is due now (every one with `force`), one at
  // a time, and returns what each fetch did.
  std::vector<ListingOutcome> run(bool force);
  // Milliseconds until the next listing falls due (0 = now).
  int64_t ms_until_due() const;

  // Background runs only while `may_work()` (checked again every second
  // while it says no). Call before start.
  void set_gate(std::function<bool()> may_work) { may_work_ = std::move(may_work); }

  // The background thread (started by Gateway::start_background).
  void start();
  void stop();

 private:
  ListingOutcome fetch(const ProviderEndpoint& endpoint);

  const Services& services_;
  CatalogCache& cache_;
  std::mutex run_mu_;
  std::function<bool()> may_work_;  // empty: always
  PeriodicWorker worker_;
};

}  // namespace gw
