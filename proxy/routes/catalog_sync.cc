// The catalog sync as operators see it:
//   POST /admin/catalog/sync  fetches every configured provider's model
//                             listing now (gw models sync) and answers what
//                             each fetch did plus the sync state;
//   catalog_status_json()     the "catalog" part of GET /health.
#include <nlohmann/json.hpp>

#include "core/catalog/catalog_cache.h"
#include "proxy/monitor/catalog_syncer.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

json unix_s_or_null(int64_t ms) { return ms > 0 ? json(ms / 1000) : json(nullptr); }

// "pending" (never tried), "failing" (last fetch failed), "stale" (listing
// older than the L2 TTL) or "ok".
std::string_view provider_state(const ProviderSync& p, int64_t now_ms, const CatalogSettings& settings) {
  if (p.last_attempt_ms == 0) return "pending";
  if (!p.last_error.empty()) return "failing";
  return listing_fresh(p, now_ms, settings) ? "ok" : "stale";
}

}  // namespace

json catalog_status_json(const Services& s) {
  json out = {{"status", "ok"}, {"models", s.catalog->models().size()}, {"source", "built-in"}};
  if (!s.catalog_cache) return out;
  const CatalogCache& cache = *s.catalog_cache;
  int64_t now = s.clock->now_unix_ms();
  auto snap = cache.snapshot();
  json providers = json::object();
  int64_t last_success = 0;
  bool all_ok = true;
  for (const ProviderSync& p : cache.provider_states()) {
    std::string_view state = provider_state(p, now, cache.settings());
    all_ok = all_ok && (state == "ok" || state == "pending");
    last_success = std::max(last_success, p.last_success_ms);
    json row = {{"status", state},
                {"last_attempt", unix_s_or_null(p.last_attempt_ms)},
                {"last_success", unix_s_or_null(p.last_success_ms)},
                {"age_s", p.has_listing() ? json((now - p.last_success_ms) / 1000) : json(nullptr)},
                {"models_listed", p.listing.ids.size()}};
    if (!p.last_error.empty()) row["last_error"] = p.last_error;
    if (auto it = snap->providers.find(p.provider); it != snap->providers.end())
      row["offers"] = {{"listed", it->second.listed},
                       {"unlisted", it->second.unlisted},
                       {"not_in_catalog", it->second.not_in_catalog}};
    providers[p.provider] = std::move(row);
  }
  const CatalogSettings& c = cache.settings();
  out["status"] = all_ok ? "ok" : "stale";
  out["source"] = last_success > 0 ? "built-in + provider listings" : "built-in";
  out["sync"] = {{"enabled", c.sync},
                 {"interval_s", c.sync_interval_s},
                 {"last_success", unix_s_or_null(last_success)},
                 {"age_s", last_success > 0 ? json((now - last_success) / 1000) : json(nullptr)},
                 {"providers", std::move(providers)}};
  out["cache"] = {{"l1_ttl_s", c.l1_ttl_s},
                  {"l2_ttl_s", c.l2_ttl_s},
                  {"l1_hits", cache.l1_hits()},
                  {"l1_builds", cache.l1_builds()},
                  {"generation", snap->generation}};
  return out;
}

Reply handle_admin_catalog_sync(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  if (!s.catalog_sync)
    return json_reply(503, openai_error_body(make_error(ErrorKind::kUnavailable, "this gw has no catalog sync")));
  json fetched = json::array();
  for (const ListingOutcome& o : s.catalog_sync->run(/*force=*/true)) {
    json row = {{"provider", o.provider}, {"ok", o.ok}, {"models", o.models}, {"duration_ms", o.duration_ms}};
    if (!o.ok) row["error"] = o.error;
    fetched.push_back(std::move(row));
  }
  return json_reply(200,
                    json{{"object", "catalog.sync"}, {"fetched", fetched}, {"catalog", catalog_status_json(s)}}.dump());
}

}  // namespace gw
