// GET /health - always 200 while the process can answer (CM-11.5); the body
// has "status" ("operational", or "degraded" when the database or Redis
// fails or any incident is open), "version", "timestamp" (Unix s) and "incidents", and
// per-subsystem detail:
//   database       usage rows written / failed
//   catalog        sync state per provider, its age, cache counters
//   breakers       how many closed / open / half-open, and which are open
//   active_checks  on or off, today's spend against the cap, tiers
//   providers      enabled providers, passive health per provider and per
//                  model (with the latest active check): the costly part,
//                  cached for [health] cache_ttl_s (CM-8.2.4; "as_of" says
//                  when it was computed).
//   redis          with [redis] url: ok or degraded (its last call failed,
//                  or the limiter is on its fallback), failures, and the
//                  limiter's fallback decisions
//   cluster        with [redis] url: this instance's id, role, live peers
//   cluster        with [redis] url: this instance's id, its role in the
//                  shared snapshot (leader | follower | alone | starting,
//                  proxy/monitor/cluster_sync.h) and the live instances seen.
// Status, incidents, breakers, checks and catalog are computed on every call.
#include <nlohmann/json.hpp>

#include "core/health/circuit_breaker.h"
#include "core/health/incidents.h"
#include "core/health/provider_health.h"
#include "core/limits/fallback_rate_limit_store.h"
#include "proxy/io/redis_client.h"
#include "proxy/io/usage_writer.h"
#include "proxy/monitor/cluster_sync.h"
#include "proxy/monitor/health_monitor.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

json health_row(const HealthStats& h) {
  return {{"requests", h.requests},
          {"probes", h.probes},
          {"failures", h.failures},
          {"success_rate_bp", h.success_bp()},
          {"avg_latency_ms", h.avg_latency_ms()},
          {"p50_latency_ms", h.p50_latency_ms},
          {"last_failure", h.last_failure_ms / 1000}};
}

// The cached part: enabled providers and passive health per provider and model.
json provider_detail(const Services& s) {
  json enabled = json::array();
  for (const auto& [slug, ep] : s.providers->endpoints())
    if (ep.enabled) enabled.push_back(slug);
  json traffic = json::object();
  json models = json::array();
  std::vector<ProbeResult> probes = s.monitor ? s.monitor->checks().results() : std::vector<ProbeResult>{};
  if (s.health) {
    for (const auto& h : s.health->providers()) traffic[h.provider] = health_row(h);
    for (const auto& h : s.health->models()) {
      json row = health_row(h);
      row["provider"] = h.provider;
      row["model"] = h.model;
      for (const ProbeResult& p : probes)
        if (p.provider == h.provider && p.model == h.model)
          row["last_check"] = {
              {"ok", p.ok}, {"at", p.checked_ms / 1000}, {"latency_ms", p.latency_ms}, {"error", p.error}};
      models.push_back(std::move(row));
    }
  }
  return {{"status", enabled.empty() ? "degraded" : "ok"},
          {"enabled", enabled},
          {"traffic", traffic},
          {"models", models},
          {"as_of", s.clock->now_unix_ms() / 1000}};
}

json breakers_json(const Services& s) {
  int closed = 0, open = 0, half_open = 0;
  json open_providers = json::array();
  if (s.breakers)
    for (const auto& b : all_breakers(s)) {
      if (b.state == BreakerState::kClosed) ++closed;
      if (b.state == BreakerState::kHalfOpen) ++half_open;
      if (b.state == BreakerState::kOpen) ++open;
      if (b.state != BreakerState::kClosed) open_providers.push_back(b.provider);
    }
  return {{"status", open + half_open ? "degraded" : "ok"},
          {"closed", closed},
          {"open", open},
          {"half_open", half_open},
          {"tripped", open_providers}};
}

json active_checks_json(const Services& s) {
  if (!s.monitor) return {{"enabled", false}};
  ActiveCheckStatus st = s.monitor->checks().status();
  return {{"enabled", st.enabled},
          {"spend_today", st.spend.spent.to_string()},
          {"daily_spend_cap", st.spend.cap.to_string()},
          {"checks_today", st.spend.probes},
          {"skipped_over_cap_today", st.spend.skipped},
          {"checks_total", st.checks_total},
          {"tiers", st.tiers},
          {"next_due", st.next_due_ms ? json(st.next_due_ms / 1000) : json(nullptr)}};
}

json incident_json(const Incident& i, int64_t opened_ms) {
  return {{"severity", severity_name(i.severity)},
          {"provider", i.provider},
          {"model", i.model.empty() ? json(nullptr) : json(i.model)},
          {"summary", i.summary},
          {"success_rate_bp", i.success_bp},
          {"p50_latency_ms", i.p50_latency_ms},
          {"opened_at", opened_ms / 1000}};
}

// Open incidents, as of now.
json incidents_json(const Services& s) {
  json out = json::array();
  if (s.monitor) {
    for (const OpenIncident& o : s.monitor->incidents()) out.push_back(incident_json(o.incident, o.opened_ms));
    return out;
  }
  HealthInputs in;
  if (s.health) {
    in.providers = s.health->providers();
    in.models = s.health->models();
  }
  if (s.breakers) in.breakers = s.breakers->snapshots();
  for (const Incident& i : derive_incidents(in)) out.push_back(incident_json(i, s.clock->now_unix_ms()));
  return out;
}

}  // namespace

Reply handle_health(const Services& s, const InboundRequest&) {
  bool db_ok = !s.usage || s.usage->failed() == 0;
  json incidents = incidents_json(s);
  json providers = s.monitor ? *s.monitor->detail([&s] { return provider_detail(s); }) : provider_detail(s);
  json subsystems = {
      {"database",
       {{"status", db_ok ? "ok" : "degraded"},
        {"usage_written", s.usage ? s.usage->written() : 0},
        {"usage_failed", s.usage ? s.usage->failed() : 0}}},
      {"catalog", catalog_status_json(s)},
      {"breakers", breakers_json(s)},
      {"active_checks", active_checks_json(s)},
      {"providers", std::move(providers)},
  };
  bool degraded = !db_ok || !incidents.empty();
  if (s.redis) {
    // The breaker and cluster syncs call Redis every 250 ms and 1 s:
    // healthy() is fresh whatever else uses it.
    const bool redis_ok = s.redis->healthy() && !(s.shared_limits && s.shared_limits->degraded());
    json redis = {{"status", redis_ok ? "ok" : "degraded"},
                  {"failures", s.shared_limits ? s.shared_limits->primary_failures() : s.redis->failures()}};
    if (s.shared_limits) redis["fallback_decisions"] = s.shared_limits->fallback_decisions();
    subsystems["redis"] = std::move(redis);
    degraded = degraded || !redis_ok;
  }
  if (s.cluster)
    subsystems["cluster"] = {{"instance", s.cluster->instance()},
                             {"role", cluster_role_name(s.cluster->role())},
                             {"instances", s.cluster->peers()}};
  json body = {{"status", degraded ? "degraded" : "operational"},
               {"version", GW_VERSION},
               {"timestamp", s.clock->now_unix_ms() / 1000},
               {"incidents", std::move(incidents)},
               {"subsystems", std::move(subsystems)}};
  return json_reply(200, body.dump());
}

}  // namespace gw
