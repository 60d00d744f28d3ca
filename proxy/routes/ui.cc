// /ui - the dashboard's pages and its login (docs/dashboard.md).
//
//   GET  /ui, /ui/           the app (one page; #overview, #requests ...), or
//                            a redirect to /ui/login for a visitor the admin
//                            API would refuse
//   GET  /ui/login           the login form (always served: it holds no data)
//   GET  /ui/assets/{file}   CSS and JS, compiled in (no data in them either)
//   POST /ui/login {key}     the master key or an admin-role key -> a session
//                            cookie (HttpOnly, SameSite=Strict) and its CSRF
//                            token; counted against the login door (10 per 15
//                            minutes per address, like /auth/login)
//   POST /ui/logout          ends the session, clears the cookie
//   GET  /ui/api/session     whether a login is needed, and the CSRF token
//
// Who may see the pages is exactly who may use the admin API (admin.cc):
// the master key, an admin-role key, loopback callers while no master key is
// set, or a live session. Every page sends a Content-Security-Policy that
// allows only this origin's scripts and connections, and refuses framing.
#include <nlohmann/json.hpp>

#include "core/dashboard/login_sessions.h"
#include "core/dashboard/session_cookie.h"
#include "core/json/json_parse.h"
#include "core/limits/limit_layers.h"
#include "core/limits/rate_limiter.h"
#include "proxy/dashboard/ui_assets.h"
#include "proxy/io/random.h"
#include "proxy/pipeline/limits.h"
#include "proxy/pipeline/on_lane.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

Reply error(const Error& e) { return json_reply(e.http_status(), openai_error_body(e)); }

Reply asset_reply(const UiAsset& a) {
  Reply r;
  r.content_type = std::string(ui_content_type(a.name));
  r.body = std::string(a.bytes);
  r.headers.add("Cache-Control", "no-cache");
  r.headers.add("X-Content-Type-Options", "nosniff");
  if (a.name.ends_with(".html")) {
    r.headers.add("Content-Security-Policy",
                  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                  "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    r.headers.add("X-Frame-Options", "DENY");
    r.headers.add("Referrer-Policy", "no-referrer");
  }
  return r;
}

Reply page(std::string_view name) {
  auto a = find_ui_asset(name);
  if (!a) return error(make_error(ErrorKind::kNotFound, "no dashboard file " + std::string(name), "unknown_route"));
  return asset_reply(*a);
}

Reply redirect(std::string_view to) {
  Reply r;
  r.status = 302;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.add("Location", std::string(to));
  r.headers.add("Cache-Control", "no-store");
  return r;
}

}  // namespace

Reply handle_ui_page(const Services& s, const InboundRequest& in) {
  if (in.path != "/ui" && in.path != "/ui/")
    return error(make_error(ErrorKind::kNotFound, "no dashboard page " + in.path, "unknown_route"));
  if (!admin_allowed(s, in)) return redirect("/ui/login");
  return page("index.html");
}

Reply handle_ui_login_page(const Services& s, const InboundRequest& in) { return page("login.html"); }

Reply handle_ui_asset(const Services& s, const InboundRequest& in) {
  std::string_view name = std::string_view(in.path).substr(std::string_view("/ui/assets/").size());
  if (name.ends_with(".html")) return error(make_error(ErrorKind::kNotFound, "no such asset", "unknown_route"));
  return page(name);
}

Reply handle_ui_login(const Services& s, const InboundRequest& in) {
  LimitDecision door;
  if (s.limiter) {
    door = s.limiter->admit_door(kLoginDoor, in.remote_addr);
    if (auto st = enforce(s, in, door); !st) return error(st.error());
  }
  if (!s.sessions)
    return error(make_error(ErrorKind::kUnavailable, "this server keeps no dashboard sessions", "no_sessions"));
  json body = parse_json(in.body);
  if (body.is_discarded() || !body.is_object() || !body.contains("key") || !body["key"].is_string() ||
      body["key"].get<std::string>().empty())
    return error(make_error(ErrorKind::kInvalidRequest, "send {\"key\": \"...\"}: the master key or an admin key",
                            "invalid_request_error", "key"));
  const std::string key = body["key"].get<std::string>();
  std::optional<Error> refused;
  // Checking a gw_ key may read the database: on a lane.
  if (auto st = run_on_lane(s, [&] { refused = admin_key_refusal(s, in, key); }); !st) return error(st.error());
  if (refused) {
    if (refused->kind == ErrorKind::kForbidden && refused->code != "admin_forbidden")
      refused->message = "this key may not use the admin API: " + refused->message;
    return error(*refused);
  }
  const std::string id = random_id("", 32);
  const std::string csrf = random_id("", 16);
  s.sessions->open(id, key, csrf);
  Reply r = json_reply(200, json{{"ok", true}, {"csrf", csrf}}.dump());
  r.headers.add("Set-Cookie", set_session_cookie(id, LoginSessions::kDefaultTtlMs / 1000));
  r.headers.add("Cache-Control", "no-store");
  return r;
}

Reply handle_ui_logout(const Services& s, const InboundRequest& in) {
  std::string_view id = session_cookie_value(in.headers.get("cookie"));
  if (s.sessions && !id.empty()) {
    auto session = s.sessions->find(id);
    if (session && !csrf_matches(*session, in.headers.get("x-gw-csrf")))
      return error(make_error(ErrorKind::kForbidden, "missing or wrong x-gw-csrf token", "csrf_failed"));
    s.sessions->close(id);
  }
  Reply r = json_reply(200, json{{"ok", true}}.dump());
  r.headers.add("Set-Cookie", clear_session_cookie());
  return r;
}

Reply handle_ui_session(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  json out = {{"login_required", !s.master_key.empty()}, {"via", "key"}, {"csrf", nullptr}};
  std::string_view id = session_cookie_value(in.headers.get("cookie"));
  auto session = s.sessions && !id.empty() ? s.sessions->find(id) : std::nullopt;
  if (session) {
    out["via"] = "session";
    out["csrf"] = session->csrf;
    out["expires_ms"] = session->expires_ms;
  } else if (in.headers.get("authorization").empty() && in.headers.get("x-api-key").empty()) {
    out["via"] = "loopback";
  }
  out["store_bodies"] = s.config && s.config->log.store_bodies;
  Reply r = json_reply(200, out.dump());
  r.headers.add("Cache-Control", "no-store");
  return r;
}

}  // namespace gw
