// E2E: a key's own doors over HTTP - its IP allowlist (CIDR) and its
// Origin/Referer domain restriction - and the audit rows their refusals leave.
#include <doctest/doctest.h>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

// A team server with user "ada" and a second key of hers whose `field`
// (ip_allowlist or domains) is `value`.
struct KeyServer {
  Stack stack{"[auth]\nrequire_key = true\n"};
  httplib::Client http{client(stack.serve.port())};
  std::string key;
  KeyServer(const std::string& field, const std::string& value) {
    REQUIRE(!create_user_key(http, "ada").empty());
    nlohmann::json options = {{"user", "ada"}, {field, value}};
    auto r = http.Post("/admin/keys", options.dump(), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 201);
    key = json_of(r)["secret"].get<std::string>();
  }
  int chat_status(httplib::Headers headers = {}) {
    headers.emplace("Authorization", "Bearer " + key);
    auto r = http.Post("/v1/chat/completions", headers, chat_body("hi"), "application/json");
    return r ? r->status : -1;
  }
  nlohmann::json last_audit() { return json_of(http.Get("/admin/audit?limit=1"))["data"][0]; }
};

}  // namespace

TEST_CASE("a key's IP allowlist refuses other addresses (audited) and admits listed ones") {
  KeyServer elsewhere("ip_allowlist", "203.0.113.0/24");
  CHECK(elsewhere.chat_status() == 403);
  auto row = elsewhere.last_audit();
  CHECK(row["reason"] == "ip_not_allowed");
  CHECK(row["key_id"].get<std::string>().rfind("key_", 0) == 0);
  KeyServer here("ip_allowlist", "10.0.0.0/8,127.0.0.1/32");
  CHECK(here.chat_status() == 200);
}

TEST_CASE("a key's domain restriction refuses other sites (audited) and admits its own") {
  KeyServer s("domains", "app.example.com");
  CHECK(s.chat_status({{"Origin", "https://evil.example.net"}}) == 403);
  CHECK(s.last_audit()["reason"] == "domain_not_allowed");
  CHECK(s.chat_status({{"Origin", "https://app.example.com"}}) == 200);
}

TEST_CASE("a deleted user's key stops working at once; a second user of that name is a 409 conflict") {
  Stack stack{"[auth]\nrequire_key = true\n"};
  auto http = client(stack.serve.port());
  const std::string key = create_user_key(http, "zoe");
  REQUIRE(!key.empty());
  auto again = http.Post("/admin/users", R"({"name":"zoe"})", "application/json");
  REQUIRE(again);
  CHECK(again->status == 409);
  CHECK(json_of(again)["error"]["code"] == "user_exists");
  auto chat = [&] {
    auto r =
        http.Post("/v1/chat/completions", {{"Authorization", "Bearer " + key}}, chat_body("hi"), "application/json");
    return r ? r->status : -1;
  };
  CHECK(chat() == 200);
  CliResult deleted = run_gw_cli("users delete zoe --yes --url " + stack.serve.url());
  CHECK(deleted.code == 0);
  CHECK(deleted.out == "deleted user zoe and its keys\n");
  CHECK(chat() == 401);
}
