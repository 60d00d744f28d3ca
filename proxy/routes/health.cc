// GET /health - always 200 while the process can answer; the body says how
// each subsystem is doing (status "ok" or "degraded").
#include <nlohmann/json.hpp>

#include "core/circuit_breaker.h"
#include "core/incidents.h"
#include "core/provider_health.h"
#include "core/request_id.h"
#include "proxy/io/usage_writer.h"
#include "proxy/routes/routes.h"

namespace gw {

Reply handle_health(const Services& s, const InboundRequest&) {
  using nlohmann::json;
  json providers = json::array();
  for (const auto& [slug, ep] : s.providers->endpoints())
    if (ep.enabled) providers.push_back(slug);
  bool db_ok = !s.usage || s.usage->failed() == 0;
  json traffic = json::object();  // passive health: every upstream attempt so far
  if (s.health)
    for (const auto& h : s.health->providers())
      traffic[h.provider] = {{"requests", h.requests},
                             {"failures", h.failures},
                             {"success_rate_bp", h.success_bp()},
                             {"avg_latency_ms", h.avg_latency_ms()},
                             {"last_failure", h.last_failure_ms / 1000}};
  json subsystems = {
      {"catalog", {{"status", "ok"}, {"models", s.catalog->models().size()}}},
      {"providers", {{"status", providers.empty() ? "degraded" : "ok"}, {"enabled", providers}, {"traffic", traffic}}},
      {"database", {{"status", db_ok ? "ok" : "degraded"},
                    {"usage_written", s.usage ? s.usage->written() : 0},
                    {"usage_failed", s.usage ? s.usage->failed() : 0}}},
  };
  json incidents = json::array();
  if (s.health && s.breakers)
    for (const auto& i : derive_incidents(s.health->providers(), s.breakers->snapshots()))
      incidents.push_back({{"severity", severity_name(i.severity)}, {"provider", i.provider}, {"summary", i.summary}});
  bool degraded = !db_ok || !incidents.empty();
  json body = {{"status", degraded ? "degraded" : "ok"},
               {"incidents", incidents},
               {"version", GW_VERSION},
               {"timestamp", s.clock->now_unix_ms() / 1000},
               {"subsystems", subsystems}};
  Reply r;
  r.body = body.dump();
  r.headers.add("x-request-id", new_request_id());
  return r;
}

}  // namespace gw
