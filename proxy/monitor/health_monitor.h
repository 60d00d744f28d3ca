// health_monitor.h - gw serve's health loop: every kTickMs it runs the active
// checks that are due (when enabled) and re-derives the incidents from
// passive health, breakers and the checks, so incidents open and close (and
// model.degraded is emitted) even when nobody reads /health. GET /health
// calls incidents() too, so its status is always current; the costlier
// per-provider / per-model detail is cached for [health] cache_ttl_s
// (CM-8.2.4).
//
// With several instances (proxy/monitor/cluster_sync.h, set_cluster) only
// the one that may work runs the checks and emits model.degraded; the
// others track the same incidents silently (their inputs are the cluster's
// figures), so an incident is announced once for the cluster and a new
// leader does not announce again what is already open.
//
// Thread-safe. The background thread starts with start() (Gateway::start_background).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/base/ttl_slot.h"
#include "core/health/incident_tracker.h"
#include "proxy/io/periodic_worker.h"
#include "proxy/monitor/active_checker.h"
#include "proxy/monitor/cluster_sync.h"
#include "proxy/pipeline/services.h"

namespace gw {

class HealthMonitor {
 public:
  static constexpr int64_t kTickMs = 5000;  // incidents are re-derived at least this often

  // `services` must outlive the monitor; model.degraded goes to services.events.
  HealthMonitor(const Services& services, const HealthSettings& settings);
  ~HealthMonitor();

  // One round: due active checks, then incidents. Returns ms until the next.
  int64_t tick();
  // Incidents as of now (re-derived; opens/closes them), most severe first.
  std::vector<OpenIncident> incidents();
  // The /health detail, rebuilt by `build` at most every cache_ttl_s.
  std::shared_ptr<const nlohmann::json> detail(const std::function<nlohmann::json()>& build);
  int64_t detail_built_ms() const { return detail_.built_ms(); }

  // Shares the work with the other instances: call before start.
  void set_cluster(const ClusterSync* cluster, ClusterStore* store);

  ActiveChecker& checks() { return checks_; }
  const IncidentTracker& tracker() const { return tracker_; }

  void start();
  void stop();

 private:
  const Services& services_;
  const HealthSettings settings_;
  ActiveChecker checks_;
  IncidentTracker tracker_;
  TtlSlot<nlohmann::json> detail_;
  const ClusterSync* cluster_ = nullptr;  // null: alone
  PeriodicWorker worker_;
};

}  // namespace gw
