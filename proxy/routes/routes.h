// routes.h - the HTTP routes of `gw serve`, one handler per file. Each takes
// the services and the request and returns a Reply. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/health/circuit_breaker.h"
#include "proxy/pipeline/services.h"
#include "proxy/server/http_server.h"

namespace gw {

// A JSON reply with a fresh x-request-id, for routes that run no pipeline.
Reply json_reply(int status, std::string body);
// The catalog's state (sync per provider, cache counters): part of /health
// and of the admin sync's answer (catalog_sync.cc).
nlohmann::json catalog_status_json(const Services& s);
// Every breaker, with a fresh CLOSED one for each enabled provider that has
// seen no traffic yet, so /health and /admin/breakers count the same set
// (admin.cc).
std::vector<BreakerSnapshot> all_breakers(const Services& s);

Reply handle_chat_completions(const Services& s, const InboundRequest& in);
Reply handle_messages(const Services& s, const InboundRequest& in);
Reply handle_responses(const Services& s, const InboundRequest& in);
Reply handle_count_tokens(const Services& s, const InboundRequest& in);
Reply handle_embeddings(const Services& s, const InboundRequest& in);
// POST /v1/embeddings for gw itself (the semantic cache): as the owner, no
// authentication or limits, each provider try bounded by `timeout_ms`.
Reply embed_as_owner(const Services& s, const InboundRequest& in, int timeout_ms);
Reply handle_images(const Services& s, const InboundRequest& in);
Reply handle_transcriptions(const Services& s, const InboundRequest& in);
Reply handle_list_models(const Services& s, const InboundRequest& in);
Reply handle_get_model(const Services& s, const InboundRequest& in);
Reply handle_health(const Services& s, const InboundRequest& in);
Reply handle_metrics(const Services& s, const InboundRequest& in);
// Admin: nullopt when the caller may use the admin API, else the refusal.
// (A dashboard session counts as its credential: admin.cc.)
std::optional<Reply> check_admin(const Services& s, const InboundRequest& in);
// The same question without recording a refusal (the dashboard's pages ask
// it to choose between the page and the login form).
bool admin_allowed(const Services& s, const InboundRequest& in);
// Whether `key` itself (not the request's) may use the admin API: nullopt
// when it may, else why not (recorded in the audit log). The login form's check.
std::optional<Error> admin_key_refusal(const Services& s, const InboundRequest& in, std::string_view key);
Reply handle_admin_breakers(const Services& s, const InboundRequest& in);
Reply handle_admin_breaker_reset(const Services& s, const InboundRequest& in);
// GET /admin/latency: the routers' measured p50s per provider x model (admin_latency.cc).
Reply handle_admin_latency(const Services& s, const InboundRequest& in);
Reply handle_admin_accounts(const Services& s, const InboundRequest& in);
Reply handle_admin_catalog_sync(const Services& s, const InboundRequest& in);
Reply handle_admin_webhooks(const Services& s, const InboundRequest& in);
// Stripe: always 200; the body says whether the event was credited.
Reply handle_stripe_webhook(const Services& s, const InboundRequest& in);
Reply handle_admin_audit(const Services& s, const InboundRequest& in);
// Self-registration and login with a signed identity assertion (auth.cc).
Reply handle_auth_register(const Services& s, const InboundRequest& in);
Reply handle_auth_login(const Services& s, const InboundRequest& in);
Reply handle_admin_test_error(const Services& s, const InboundRequest& in);
// The response cache's counters, and clearing it (admin_cache.cc).
Reply handle_admin_cache(const Services& s, const InboundRequest& in);
Reply handle_admin_cache_clear(const Services& s, const InboundRequest& in);
// The dashboard (docs/dashboard.md): its pages and login (ui.cc), the
// numbers its pages show (ui_api.cc) and the live view (ui_live.cc).
Reply handle_ui_page(const Services& s, const InboundRequest& in);
Reply handle_ui_login_page(const Services& s, const InboundRequest& in);
Reply handle_ui_asset(const Services& s, const InboundRequest& in);
Reply handle_ui_login(const Services& s, const InboundRequest& in);
Reply handle_ui_logout(const Services& s, const InboundRequest& in);
Reply handle_ui_session(const Services& s, const InboundRequest& in);
Reply handle_ui_overview(const Services& s, const InboundRequest& in);
Reply handle_ui_overview_csv(const Services& s, const InboundRequest& in);
Reply handle_ui_requests(const Services& s, const InboundRequest& in);
Reply handle_ui_request_detail(const Services& s, const InboundRequest& in);
Reply handle_ui_live(const Services& s, const InboundRequest& in);

}  // namespace gw
