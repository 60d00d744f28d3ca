// dashboard_login_test.cc - who may see the dashboard and change things
// from it: loopback without login while no master key is set; otherwise a
// login with the master key or an admin-role key, a session cookie, and a
// CSRF token on every state-changing call. In-process; no sockets.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/dashboard/session_cookie.h"
#include "tests/support/billing_fixture.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr const char* kMaster = "mk-dashboard-test";

Config with_master() {
  Config c;
  c.server.master_key = kMaster;
  return c;
}

Reply call(Billing& b, const std::string& method, const std::string& path, const std::string& body = "",
           Headers headers = {}, const std::string& remote = "127.0.0.1") {
  InboundRequest in;
  in.method = method;
  in.path = path;
  in.body = body;
  in.headers = std::move(headers);
  in.remote_addr = remote;
  return b.gateway->handle(in);
}

// Logs in with `key`; returns the cookie header value and the CSRF token.
std::pair<std::string, std::string> login(Billing& b, const std::string& key) {
  Reply r = call(b, "POST", "/ui/login", json{{"key", key}}.dump());
  REQUIRE(r.status == 200);
  std::string set(r.headers.get("set-cookie"));
  REQUIRE(set.find("HttpOnly") != std::string::npos);
  REQUIRE(set.find("SameSite=Strict") != std::string::npos);
  std::string cookie = set.substr(0, set.find(';'));
  return {cookie, json::parse(r.body)["csrf"]};
}

Headers cookie(const std::string& c, const std::string& csrf = "") {
  Headers h;
  h.add("Cookie", c);
  if (!csrf.empty()) h.add("x-gw-csrf", csrf);
  return h;
}

}  // namespace

TEST_CASE("dashboard login: without a master key, loopback sees the pages with no login") {
  Billing b;
  CHECK(call(b, "GET", "/ui").status == 200);
  CHECK(call(b, "GET", "/ui/api/overview").status == 200);
  // A remote address is sent to the login form, and its API calls refused.
  Reply page = call(b, "GET", "/ui", "", {}, "10.1.2.3");
  CHECK(page.status == 302);
  CHECK(page.headers.get("location") == "/ui/login");
  CHECK(call(b, "GET", "/ui/api/overview", "", {}, "10.1.2.3").status == 403);
}

TEST_CASE("dashboard login: with a master key every page and API call needs a login") {
  Billing b(with_master());
  CHECK(call(b, "GET", "/ui").status == 302);
  for (const char* path : {"/ui/api/overview", "/ui/api/overview.csv", "/ui/api/requests", "/ui/api/requests/x",
                           "/ui/api/session", "/ui/api/live", "/admin/users", "/admin/keys", "/admin/breakers"})
    CHECK_MESSAGE(call(b, "GET", path).status == 401, path);
  CHECK(call(b, "POST", "/admin/keys/key_x/revoke").status == 401);
  // The login form and the static files are open: they hold no data.
  CHECK(call(b, "GET", "/ui/login").status == 200);
  CHECK(call(b, "GET", "/ui/assets/app.js").status == 200);
  CHECK(call(b, "GET", "/ui/assets/app.js").content_type.find("text/javascript") == 0);
}

TEST_CASE("dashboard login: the master key opens a session; its cookie reads, its token writes") {
  Billing b(with_master());
  const auto session = login(b, kMaster);
  const std::string c = session.first, csrf = session.second;
  CHECK(call(b, "GET", "/ui", "", cookie(c)).status == 200);
  Reply s = call(b, "GET", "/ui/api/session", "", cookie(c));
  REQUIRE(s.status == 200);
  CHECK(json::parse(s.body)["via"] == "session");
  CHECK(json::parse(s.body)["csrf"] == csrf);
  CHECK(call(b, "GET", "/admin/users", "", cookie(c)).status == 200);
  // A state change without the CSRF token (or with a wrong one) is refused.
  const std::string body = json{{"name", "eve"}}.dump();
  CHECK(call(b, "POST", "/admin/users", body, cookie(c)).status == 403);
  CHECK(call(b, "POST", "/admin/users", body, cookie(c, "wrong")).status == 403);
  CHECK(call(b, "POST", "/admin/users", body, cookie(c, csrf)).status == 201);
  // Logging out ends it.
  CHECK(call(b, "POST", "/ui/logout", "", cookie(c, csrf)).status == 200);
  CHECK(call(b, "GET", "/admin/users", "", cookie(c)).status == 401);
  CHECK(call(b, "GET", "/ui", "", cookie(c)).status == 302);
}

TEST_CASE("dashboard login: wrong keys and non-admin keys are refused") {
  Billing b(with_master());
  CHECK(call(b, "POST", "/ui/login", json{{"key", "nope"}}.dump()).status == 401);
  CHECK(call(b, "POST", "/ui/login", R"({"key": 5})").status == 400);
  const std::string dev_key = b.user("ada", PlanId::kDev);
  Reply r = call(b, "POST", "/ui/login", json{{"key", dev_key}}.dump());
  CHECK(r.status == 403);
  CHECK(r.headers.get("set-cookie").empty());
}

TEST_CASE("dashboard login: an admin key's session ends when the key is revoked") {
  Billing b(with_master());
  b.user("root");
  KeyOptions o;
  o.role = Role::kAdmin;
  auto admin = b.accounts->create_key("root", o);
  REQUIRE(admin);
  const auto session = login(b, admin->plaintext);
  const std::string c = session.first;
  CHECK(call(b, "GET", "/admin/users", "", cookie(c)).status == 200);
  REQUIRE(b.accounts->revoke_key(admin->record.id));
  CHECK(call(b, "GET", "/admin/users", "", cookie(c)).status == 401);
}

TEST_CASE("dashboard login: sessions expire after 12 hours") {
  Billing b(with_master());
  const auto session = login(b, kMaster);
  const std::string c = session.first, csrf = session.second;
  b.clock.advance_ms(12 * 3'600'000 + 1);
  CHECK(call(b, "GET", "/ui/api/overview", "", cookie(c)).status == 401);
}

}  // namespace gw
