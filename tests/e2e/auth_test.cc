// E2E: self-registration and login with a signed identity assertion over
// HTTP - good, expired and forged assertions, disposable e-mail, partner and
// referral codes, the per-address doors, and the audit of bad assertions.
#include <doctest/doctest.h>

#include <ctime>
#include <iomanip>
#include <sstream>

#include "core/crypto/jwt_hs256.h"
#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const std::string kSecret = "idp-signing-secret-for-tests";
const std::string kServer =
    "[auth]\nrequire_key = true\nidentity_secret = \"" + kSecret + "\"\n[partners.REDBEARD]\ntrial_days = 30\n";

json email(const std::string& address) { return json::array({{{"type", "email"}, {"address", address}}}); }

// An assertion for `sub`, valid for five minutes unless `exp_offset_s` says otherwise.
std::string assertion(const std::string& sub, json linked, int64_t exp_offset_s = 300,
                      const std::string& secret = kSecret) {
  json claims = {{"sub", sub}, {"exp", std::time(nullptr) + exp_offset_s}, {"linked_accounts", std::move(linked)}};
  return gw::sign_hs256(claims, secret);
}

std::time_t parse_utc(const json& ts) {
  std::tm tm{};
  std::istringstream(ts.get<std::string>()) >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  return timegm(&tm);
}

// gw serve with self-registration on (`config`), and calls that check the status.
struct AuthServer {
  Stack stack;
  httplib::Client http;
  explicit AuthServer(const std::string& config = kServer) : stack(config), http(client(stack.serve.port())) {}

  httplib::Result post(const std::string& path, const json& body, int status) {
    auto r = http.Post(path, body.dump(), "application/json");
    REQUIRE(r);
    CHECK(r->status == status);
    return r;
  }
  // POST /auth/register for `sub` with `linked` accounts and `extra` body fields.
  json register_as(const std::string& sub, const json& linked, int status = 201, json extra = json::object()) {
    extra["assertion"] = assertion(sub, linked);
    return json_of(post("/auth/register", extra, status));
  }
  json login_as(const std::string& sub, const json& linked, int status = 200) {
    return json_of(post("/auth/login", {{"assertion", assertion(sub, linked)}}, status));
  }
  int chat_status(const std::string& key) {
    auto r = http.Post("/v1/chat/completions", bearer(key), chat_body("hello"), "application/json");
    return r ? r->status : -1;
  }
};

}  // namespace

TEST_CASE("register with a good assertion provisions a trial user, a working key and the referral") {
  AuthServer gw;
  json linked = {{{"type", "phone"}, {"number", "+15551234567"}}, {{"type", "email"}, {"address", "ada@example.com"}}};
  json j = gw.register_as("idp|ada", linked, 201, {{"referral_code", "FRIEND42"}});
  CHECK(j["user"]["name"] == "ada");  // e-mail outranks phone
  CHECK(j["user"]["email"] == "ada@example.com");
  CHECK(j["user"]["plan"] == "trial");
  CHECK(j["user"]["tier"] == "basic");
  CHECK(j["user"]["balance_usd"] == "5.00");
  CHECK(j["user"]["referred_by_code"] == "FRIEND42");
  std::string key = j["key"]["secret"].get<std::string>();
  CHECK(key.rfind("gw_live_", 0) == 0);
  CHECK(j["key"]["primary"] == true);
  CHECK(gw.chat_status(key) == 200);
  CHECK(gw.register_as("idp|ada", linked, 409)["error"]["code"] == "already_registered");
}

TEST_CASE("login gives a registered identity a new key; an unknown identity gets 404") {
  AuthServer gw;
  json linked = {{{"type", "github_oauth"}, {"username", "octocat"}}};
  json registered = gw.register_as("idp|octo", linked);
  json j = gw.login_as("idp|octo", linked);
  CHECK(j["user"]["name"] == "octocat");
  CHECK(j["key"]["name"].get<std::string>().rfind("login ", 0) == 0);
  std::string key = j["key"]["secret"].get<std::string>();
  CHECK(key != registered["key"]["secret"].get<std::string>());
  CHECK(gw.chat_status(key) == 200);
  CHECK(gw.login_as("idp|nobody", linked, 404)["error"]["code"] == "user_not_found");
}

TEST_CASE("expired and forged assertions are refused with 401 and audited") {
  AuthServer gw;
  auto expired = gw.post("/auth/login", {{"assertion", assertion("idp|m", email("m@example.com"), -3600)}}, 401);
  CHECK(json_of(expired)["error"]["code"] == "invalid_assertion");
  gw.post("/auth/register", {{"assertion", assertion("idp|m", email("m@example.com"), 300, "not-the-secret")}}, 401);
  auto audit = gw.http.Get("/admin/audit");
  REQUIRE(audit);
  auto rows = json_of(audit)["data"];
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["reason"] == "invalid_assertion");
  CHECK(rows[0]["route"] == "/auth/register");
  CHECK(rows[1]["route"] == "/auth/login");
  CHECK(rows[1]["detail"].get<std::string>().find("expired") != std::string::npos);
}

TEST_CASE("a disposable e-mail address cannot register") {
  AuthServer gw;
  CHECK(gw.register_as("idp|temp", email("x@mailinator.com"), 400)["error"]["code"] == "disposable_email");
}

TEST_CASE("a partner code extends the trial; an unknown one is refused") {
  AuthServer gw;
  json pat = gw.register_as("idp|pat", email("pat@example.com"), 201, {{"partner_code", "redbeard"}})["user"];
  CHECK(pat["partner_code"] == "redbeard");
  CHECK(parse_utc(pat["trial_ends"]) - parse_utc(pat["created"]) == 30 * 86400);
  json sam = gw.register_as("idp|sam", email("sam@example.com"))["user"];
  CHECK(parse_utc(sam["trial_ends"]) - parse_utc(sam["created"]) == 3 * 86400);
  json unknown = gw.register_as("idp|kim", email("kim@example.com"), 400, {{"partner_code", "BLUEBEARD"}});
  CHECK(unknown["error"]["code"] == "unknown_partner_code");
}

TEST_CASE("an address may register 3 times an hour and log in 10 times in 15 minutes") {
  AuthServer gw;
  stay_in_one_window(3600, 10);
  for (int i = 0; i < 3; ++i) {
    std::string name = "user" + std::to_string(i);
    auto r = gw.post("/auth/register", {{"assertion", assertion("idp|" + name, email(name + "@example.com"))}}, 201);
    CHECK(r->get_header_value("X-RateLimit-Limit") == "3");
  }
  auto fourth = gw.post("/auth/register", {{"assertion", assertion("idp|u4", email("u4@example.com"))}}, 429);
  CHECK(std::stoi(fourth->get_header_value("Retry-After")) >= 1);
  stay_in_one_window(900, 10);
  for (int i = 0; i < 10; ++i) gw.login_as("idp|user0", email("user0@example.com"));
  auto eleventh = gw.post("/auth/login", {{"assertion", assertion("idp|user0", email("user0@example.com"))}}, 429);
  CHECK(!eleventh->get_header_value("Retry-After").empty());
}

TEST_CASE("without an identity secret, self-registration is unavailable") {
  AuthServer gw("[auth]\nrequire_key = true\n");
  json j = gw.register_as("idp|a", email("a@example.com"), 503);
  CHECK(j["error"]["message"].get<std::string>().find("identity_secret") != std::string::npos);
}
