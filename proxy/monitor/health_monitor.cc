// health_monitor.cc - contracts in health_monitor.h.
#include "proxy/monitor/health_monitor.h"

#include "core/health/circuit_breaker.h"
#include "core/health/provider_health.h"

namespace gw {

HealthMonitor::HealthMonitor(const Services& services, const HealthSettings& settings)
    : services_(services), settings_(settings), checks_(services, settings), worker_([this] { return tick(); }) {}

HealthMonitor::~HealthMonitor() { stop(); }

void HealthMonitor::start() { worker_.start(); }
void HealthMonitor::stop() { worker_.stop(); }

void HealthMonitor::set_cluster(const ClusterSync* cluster, ClusterStore* store) {
  cluster_ = cluster;
  checks_.set_cluster(store, [cluster] { return cluster->may_work(); });
}

int64_t HealthMonitor::tick() {
  checks_.run_due();
  incidents();
  return checks_.ms_until_due(kTickMs);
}

std::vector<OpenIncident> HealthMonitor::incidents() {
  HealthInputs in;
  if (services_.health) {
    in.providers = services_.health->providers();
    in.models = services_.health->models();
  }
  if (services_.breakers) in.breakers = services_.breakers->snapshots();
  in.probes = checks_.results();
  EventSink* events = !cluster_ || cluster_->may_emit() ? services_.events : nullptr;
  return tracker_.update(derive_incidents(in), services_.clock->now_unix_ms(), events);
}

std::shared_ptr<const nlohmann::json> HealthMonitor::detail(const std::function<nlohmann::json()>& build) {
  return detail_.get(services_.clock->now_unix_ms(), int64_t{settings_.cache_ttl_s} * 1000, 0, build);
}

}  // namespace gw
