// cluster_sync.h - the catalog/health snapshot shared by every `gw serve`
// instance on one Redis (docs/scale-out.md), so that N instances do the
// cluster's periodic provider work once and each sees the others' traffic.
// Every tick (kTickMs, on the shared housekeeper thread):
//   1. the leader lease (ClusterStore::hold_lease, kLeaseMs): one instance
//      leads; a lost renewal steps down; a dead leader's lease expires and
//      another instance takes it at its next tick;
//   2. this instance's summary (its own passive health rows and measured
//      latencies) is stored with a kSummaryTtlMs expiry and every live
//      instance's is read back: the others' become ProviderHealth's and
//      LatencyBook's set_others(), so /health, incidents, GET /admin/latency,
//      failover order and the latency/balanced routers see the cluster's
//      figures (read from memory: the request path never calls Redis);
//   3. the leader publishes its catalog sync state and active check results
//      ("catalog", "checks"); the others adopt them when they change;
//   4. what this instance spent on probes while the store was away is added
//      to the cluster's counter of the UTC day, and the counter is read: for
//      /health, and for the share of what is left that this instance may
//      spend if the store goes away (core/health/alone_share.h).
// Only the leader runs the catalog sync and the active checks, and only it
// emits model.degraded (may_work(), may_emit()); the checks' daily cap is
// charged on the cluster's counter (ActiveChecker::set_cluster).
//
// The store unreachable (Redis down or hanging): the tick stops at the
// first failed call (one call's timeout, so the housekeeper thread is never
// held longer), the instance works alone as without Redis (it syncs, checks
// and emits itself; the others' figures are forgotten; its probes stay
// within its share of what the day's cap had left) and rejoins at the
// next tick that reaches the store. Before its first tick an instance
// neither syncs nor checks (role kStarting).
//
// Thread-safety: tick() from one thread at a time (the worker's); role(),
// may_work(), may_emit(), instance() and peers() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "proxy/io/periodic_worker.h"
#include "proxy/monitor/cluster_store.h"

namespace gw {

class ActiveChecker;
class CatalogCache;
class LatencyBook;
class ProviderHealth;

enum class ClusterRole { kStarting, kLeader, kFollower, kAlone };
std::string_view cluster_role_name(ClusterRole r);  // "starting" | "leader" | "follower" | "alone"

class ClusterSync {
 public:
  static constexpr int64_t kTickMs = 1000;
  static constexpr int64_t kLeaseMs = 3000;       // a dead leader is replaced within this plus a tick
  static constexpr int64_t kSummaryTtlMs = 5000;  // a dead instance's figures drop out after this

  struct Parts {
    ProviderHealth* health = nullptr;
    LatencyBook* latencies = nullptr;
    CatalogCache* catalog = nullptr;  // null or `publish_catalog` false: no catalog snapshot
    bool publish_catalog = false;     // [catalog] sync
    ActiveChecker* checks = nullptr;  // null or `publish_checks` false: no checks snapshot
    bool publish_checks = false;      // [health] active_checks
  };

  // `store`, `clock` and every part must outlive the sync. `instance` names
  // this process (random when empty).
  ClusterSync(ClusterStore& store, Clock& clock, Parts parts, std::string instance = "");
  ~ClusterSync();

  void start() { worker_.start(); }
  // Stops ticking and gives the lease up (so another instance leads at its next tick).
  void stop();
  // One round; returns the ms until the next.
  int64_t tick();

  ClusterRole role() const { return role_.load(); }
  // Runs the cluster's periodic provider work now: the leader, or an
  // instance that cannot reach the store.
  bool may_work() const;
  // Emits model.degraded: the same instances.
  bool may_emit() const { return may_work(); }
  const std::string& instance() const { return instance_; }
  int peers() const { return peers_.load(); }  // live instances last seen, this one included

 private:
  void alone();
  bool exchange();  // steps 2; false: the store failed
  bool publish();   // step 3 as leader
  bool adopt();     // step 3 as follower
  bool read_spend();

  ClusterStore& store_;
  Clock& clock_;
  const Parts parts_;
  const std::string instance_;
  std::atomic<ClusterRole> role_{ClusterRole::kStarting};
  std::atomic<int> peers_{0};
  // Worker only: the texts last published or adopted, so unchanged ones are skipped.
  std::string published_catalog_, published_checks_, adopted_catalog_, adopted_checks_;
  int64_t published_at_ms_ = 0;
  PeriodicWorker worker_;  // last: its thread uses the members above
};

}  // namespace gw
