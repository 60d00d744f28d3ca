// /admin/* - the operator's API (the CLI's management commands use it while
// a server runs). A caller may use it with the master key (GW_MASTER_KEY or
// [server] master_key) or an admin-role gw key; without a master key,
// clients on the loopback interface may use it without a key. A browser
// logged in to the dashboard (/ui) presents its session cookie instead: the
// session's credential is checked here exactly like a key, and every call
// that changes state must carry the session's CSRF token in x-gw-csrf
// (core/dashboard/login_sessions.h). Every refusal is recorded in the audit
// log.
//
//   GET  /admin/breakers                   every provider's breaker
//   POST /admin/breakers/{provider}/reset  close one breaker
//   /admin/cache, /admin/cache/clear       see admin_cache.cc
//   /admin/users, keys, credits, usage     see proxy/accounts/admin_api.h
#include <nlohmann/json.hpp>

#include "core/base/request_id.h"
#include "core/catalog/model_query.h"
#include "core/crypto/crypto.h"
#include "core/dashboard/login_sessions.h"
#include "core/dashboard/session_cookie.h"
#include "core/health/circuit_breaker.h"
#include "proxy/accounts/accounts.h"
#include "proxy/accounts/admin_api.h"
#include "proxy/io/usage_writer.h"
#include "proxy/pipeline/credentials.h"
#include "proxy/pipeline/security_audit.h"
#include "proxy/pipeline/steps.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

Reply error(const Error& e) { return json_reply(e.http_status(), openai_error_body(e)); }

json breaker_json(const BreakerSnapshot& b) {
  return {{"provider", b.provider},
          {"state", breaker_state_name(b.state)},
          {"consecutive_failures", b.consecutive_failures},
          {"seconds_until_half_open", (b.ms_until_half_open + 999) / 1000},
          {"opened_at", b.opened_at_ms / 1000},
          {"total_failures", b.total_failures},
          {"total_successes", b.total_successes}};
}

// Who, presenting `key` ("" = none), may not use the admin API, and why;
// nullopt when they may.
std::optional<Error> key_refusal(const Services& s, const InboundRequest& in, std::string_view key,
                                 std::string& key_id) {
  if (!s.master_key.empty() && constant_time_equal(key, s.master_key)) return std::nullopt;
  if (key.substr(0, 3) == "gw_") {
    auto info = s.accounts ? s.accounts->find_key(key) : nullptr;
    if (!info) return make_error(ErrorKind::kUnauthorized, "invalid API key", "invalid_api_key");
    key_id = info->key_id;
    if (auto st = check_key_use(*info, in, Permission::kAdmin); !st) return st.error();
    return std::nullopt;
  }
  if (s.master_key.empty() && is_loopback(in.remote_addr)) return std::nullopt;
  if (s.master_key.empty())
    return make_error(ErrorKind::kForbidden,
                      "the admin API is only open to loopback clients and admin keys until a master key is set",
                      "admin_forbidden");
  return make_error(ErrorKind::kUnauthorized, "admin API: missing or wrong master key", "invalid_api_key");
}

// The request's own key, else its dashboard session's credential (a
// state-changing call without the session's CSRF token is refused).
std::optional<Error> admin_refusal(const Services& s, const InboundRequest& in, std::string& key_id) {
  std::string_view key = presented_key(in);
  std::optional<LoginSession> session;
  if (key.empty() && s.sessions)
    if (std::string_view id = session_cookie_value(in.headers.get("cookie")); !id.empty())
      session = s.sessions->find(id);
  if (!session) return key_refusal(s, in, key, key_id);
  if (changes_state(in.method) && !csrf_matches(*session, in.headers.get("x-gw-csrf")))
    return make_error(ErrorKind::kForbidden, "missing or wrong x-gw-csrf token for this dashboard session",
                      "csrf_failed");
  return key_refusal(s, in, session->credential, key_id);
}

}  // namespace

bool admin_allowed(const Services& s, const InboundRequest& in) {
  std::string key_id;
  return !admin_refusal(s, in, key_id);
}

std::optional<Error> admin_key_refusal(const Services& s, const InboundRequest& in, std::string_view key) {
  std::string key_id;
  auto refusal = key_refusal(s, in, key, key_id);
  if (refusal) audit_violation(s, in, refusal->code, refusal->message, key_id);
  return refusal;
}

std::optional<Reply> check_admin(const Services& s, const InboundRequest& in) {
  std::string key_id;
  auto refusal = admin_refusal(s, in, key_id);
  if (!refusal) return std::nullopt;
  audit_violation(s, in, refusal->code, refusal->message, key_id);
  return error(*refusal);
}

Reply handle_admin_accounts(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  if (!s.accounts)
    return error(
        make_error(ErrorKind::kUnavailable, "accounts need a database; this server runs without one", "no_database"));
  // Reads see every request finished before them: wait for queued usage
  // and ledger rows to be written (admin calls are rare; requests never wait).
  if (in.method == "GET" && s.usage) s.usage->flush();
  AdminAnswer a = admin_accounts_call(*s.accounts, *s.clock, in.method, in.path, in.query, in.body);
  return json_reply(a.status, a.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::vector<BreakerSnapshot> all_breakers(const Services& s) {
  for (const auto& [slug, ep] : s.providers->endpoints())
    if (ep.enabled) s.breakers->at(slug);
  return s.breakers->snapshots();
}

Reply handle_admin_breakers(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  json list = json::array();
  for (const auto& b : all_breakers(s)) list.push_back(breaker_json(b));
  return json_reply(200, json{{"object", "list"}, {"data", list}}.dump());
}

Reply handle_admin_breaker_reset(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  // /admin/breakers/{provider}/reset
  constexpr std::string_view kPrefix = "/admin/breakers/", kSuffix = "/reset";
  std::string_view path = in.path;
  if (path.size() <= kPrefix.size() + kSuffix.size() || path.substr(path.size() - kSuffix.size()) != kSuffix)
    return error(make_error(ErrorKind::kNotFound, "no route for POST " + in.path, "unknown_route"));
  std::string provider(path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size()));
  if (!s.providers->find(provider))
    return error(make_error(ErrorKind::kNotFound, unknown_provider_message(provider), "unknown_provider"));
  s.breakers->at(provider).reset();
  auto snap = s.breakers->at(provider).snapshot();
  snap.provider = provider;
  return json_reply(200, breaker_json(snap).dump());
}

}  // namespace gw
