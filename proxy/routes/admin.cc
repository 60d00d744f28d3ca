// /admin/* - the operator's API (the CLI's management commands use it while
// a server runs). With a master key configured (GW_MASTER_KEY or
// [server] master_key) every admin call must present it; without one, only
// clients on the loopback interface may use the admin API.
//
//   GET  /admin/breakers                   every provider's breaker
//   POST /admin/breakers/{provider}/reset  close one breaker
#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "core/circuit_breaker.h"
#include "core/request_id.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

Reply error(const Error& e) {
  return json_reply(e.http_status(), openai_error_body(e));
}

bool is_loopback(std::string_view addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0;
}

std::string_view presented_key(const InboundRequest& in) {
  std::string_view auth = in.headers.get("authorization");
  if (auth.size() > 7 && (auth.rfind("Bearer ", 0) == 0 || auth.rfind("bearer ", 0) == 0)) return auth.substr(7);
  return in.headers.get("x-api-key");
}

json breaker_json(const BreakerSnapshot& b) {
  return {{"provider", b.provider},
          {"state", breaker_state_name(b.state)},
          {"consecutive_failures", b.consecutive_failures},
          {"seconds_until_half_open", (b.ms_until_half_open + 999) / 1000},
          {"opened_at", b.opened_at_ms / 1000},
          {"total_failures", b.total_failures},
          {"total_successes", b.total_successes}};
}

}  // namespace

std::optional<Reply> check_admin(const Services& s, const InboundRequest& in) {
  if (s.master_key.empty()) {
    if (is_loopback(in.remote_addr)) return std::nullopt;
    return error(make_error(ErrorKind::kForbidden,
                            "the admin API is only open to loopback clients until a master key is set",
                            "admin_forbidden"));
  }
  std::string_view key = presented_key(in);
  if (key.size() == s.master_key.size() && CRYPTO_memcmp(key.data(), s.master_key.data(), key.size()) == 0)
    return std::nullopt;
  return error(make_error(ErrorKind::kUnauthorized, "admin API: missing or wrong master key", "invalid_api_key"));
}

Reply handle_admin_breakers(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  json list = json::array();
  // Every enabled provider appears, with a fresh CLOSED breaker if it has
  // seen no traffic yet.
  for (const auto& [slug, ep] : s.providers->endpoints())
    if (ep.enabled) s.breakers->at(slug);
  for (const auto& b : s.breakers->snapshots()) list.push_back(breaker_json(b));
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
    return error(make_error(ErrorKind::kNotFound, "unknown provider '" + provider + "'", "unknown_provider"));
  s.breakers->at(provider).reset();
  auto snap = s.breakers->at(provider).snapshot();
  snap.provider = provider;
  return json_reply(200, breaker_json(snap).dump());
}

}  // namespace gw
