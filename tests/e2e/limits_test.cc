// E2E: the rate-limit layers over HTTP - their order (IP before
// authentication, valid keys exempt, anonymous stricter, the local owner
// exempt), the X-RateLimit-* headers on answers, the 429 with Retry-After in
// the caller's dialect, and the audit log of violations. Requests come from
// 127.0.0.1, so most tests set [auth] require_key = true to stop being the
// local owner.
#include <doctest/doctest.h>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

const std::string kTeamServer = "[auth]\nrequire_key = true\n";

int64_t header_int(const httplib::Result& r, const char* name) {
  std::string v = r->get_header_value(name);
  return v.empty() ? -1 : std::stoll(v);
}

// A team server (plus `extra` config) with one trial user, `key`.
struct TeamServer {
  Stack stack;
  httplib::Client http;
  std::string key;
  explicit TeamServer(const std::string& extra = "")
      : stack(kTeamServer + extra), http(client(stack.serve.port())), key(create_user_key(http, "ada")) {
    REQUIRE(!key.empty());
  }
  // A chat request with `with_key` ("" = none), its status checked.
  httplib::Result chat(const std::string& with_key, int status, bool stream = false) {
    auto r = with_key.empty()
                 ? http.Post("/v1/chat/completions", chat_body("hi", stream), "application/json")
                 : http.Post("/v1/chat/completions", bearer(with_key), chat_body("hi", stream), "application/json");
    REQUIRE(r);
    CHECK(r->status == status);
    return r;
  }
};

}  // namespace

TEST_CASE("a key's answers carry X-RateLimit headers from its plan") {
  TeamServer team;
  stay_in_one_window(60);
  auto r = team.chat(team.key, 200);
  CHECK(header_int(r, "X-RateLimit-Limit") == 60);  // the trial plan's requests per minute
  CHECK(header_int(r, "X-RateLimit-Remaining") == 59);
  CHECK(header_int(r, "X-RateLimit-Reset") >= 1);
  CHECK(header_int(r, "X-RateLimit-Reset") <= 60);
  CHECK(header_int(team.chat(team.key, 200, /*stream=*/true), "X-RateLimit-Remaining") == 58);
  auto unknown_model =
      team.http.Post("/v1/chat/completions", bearer(team.key), chat_body("hi", false, "nope/nope"), "application/json");
  REQUIRE(unknown_model);
  CHECK(unknown_model->status == 404);
  CHECK(header_int(unknown_model, "X-RateLimit-Remaining") == 57);  // errors after the limiter carry them too
}

TEST_CASE("a key's plan limit: the request after the 60th in a minute is refused with 429 and Retry-After") {
  TeamServer team;
  // Until the first refusal (a minute boundary on a slow machine restarts the
  // count, so count down with the headers rather than assume one window).
  int64_t last_remaining = -1;
  bool refused = false;
  for (int i = 0; i < 130 && !refused; ++i) {
    auto r = team.http.Post("/v1/chat/completions", bearer(team.key), chat_body("n"), "application/json");
    REQUIRE(r);
    if (r->status != 429) {
      REQUIRE(r->status == 200);
      last_remaining = header_int(r, "X-RateLimit-Remaining");
      continue;
    }
    refused = true;
    CHECK(last_remaining == 0);
    CHECK(json_of(r)["error"]["code"] == "rate_limit_exceeded");
    CHECK(json_of(r)["error"]["type"] == "rate_limit_error");
    CHECK(header_int(r, "Retry-After") >= 1);
    CHECK(header_int(r, "X-RateLimit-Limit") == 60);
    CHECK(header_int(r, "X-RateLimit-Remaining") == 0);
  }
  CHECK(refused);
}

TEST_CASE("the IP layer comes before authentication, and a valid key is exempt from it") {
  TeamServer team("[limits]\nip_requests_per_minute = 3\n");
  stay_in_one_window(60);
  const std::string wrong = "gw_live_" + std::string(43, 'x');
  for (int i = 0; i < 3; ++i) team.chat(wrong, 401);
  // The address is over its limit: 429 before the key is even judged.
  auto limited = team.chat(wrong, 429);
  CHECK(header_int(limited, "Retry-After") >= 1);
  CHECK(header_int(limited, "X-RateLimit-Limit") == 3);
  team.chat("", 429);  // no key: the IP layer too
  auto valid = team.chat(team.key, 200);
  CHECK(header_int(valid, "X-RateLimit-Limit") == 60);  // its plan's, not the IP layer's
  // Audited: each refused key until the address went over, then the abuse once.
  auto rows = json_of(team.http.Get("/admin/audit"))["data"];
  REQUIRE(rows.size() == 4);
  CHECK(rows[0]["reason"] == "rate_limit_abuse");
  CHECK(rows[1]["reason"] == "invalid_api_key");
}

TEST_CASE("anonymous callers meet the anonymous limit, stricter than any plan") {
  TeamServer team("[limits]\nanonymous_requests_per_minute = 2\n");
  stay_in_one_window(60);
  for (int i = 0; i < 2; ++i) {
    auto r = team.chat("", 200);
    CHECK(header_int(r, "X-RateLimit-Limit") == 2);
    CHECK(header_int(r, "X-RateLimit-Remaining") == 1 - i);
  }
  auto r = team.chat("", 429);
  CHECK(json_of(r)["error"]["message"].get<std::string>().find("anonymous") != std::string::npos);
  CHECK(header_int(r, "Retry-After") >= 1);
}

TEST_CASE("a 429 from the limiter speaks the caller's dialect") {
  Stack stack(kTeamServer + "[limits]\nanonymous_requests_per_minute = 1\n");
  auto c = client(stack.serve.port());
  stay_in_one_window(60);
  nlohmann::json body = {
      {"model", "mock/echo"}, {"max_tokens", 16}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
  auto first = c.Post("/v1/messages", body.dump(), "application/json");
  REQUIRE(first);
  CHECK(first->status == 200);
  auto r = c.Post("/v1/messages", body.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 429);
  auto j = json_of(r);
  CHECK(j["type"] == "error");
  CHECK(j["error"]["type"] == "rate_limit_error");
  CHECK(header_int(r, "Retry-After") >= 1);
}

TEST_CASE("the local owner on loopback meets no limit") {
  Stack stack("[limits]\nip_requests_per_minute = 1\nanonymous_requests_per_minute = 1\n");
  auto c = client(stack.serve.port());
  for (int i = 0; i < 5; ++i) {
    auto r = c.Post("/v1/chat/completions", chat_body("mine"), "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK_FALSE(r->has_header("X-RateLimit-Limit"));
  }
}

TEST_CASE("security violations are in the audit log with the key's id or prefix, never the key") {
  TeamServer team;
  const std::string wrong = "gw_live_" + std::string(43, 'Q');
  team.chat(wrong, 401);
  auto not_admin = team.http.Get("/admin/users", bearer(team.key));
  REQUIRE(not_admin);
  CHECK(not_admin->status == 403);
  auto audit = team.http.Get("/admin/audit?limit=10");
  REQUIRE(audit);
  REQUIRE(audit->status == 200);
  CHECK(audit->body.find(wrong) == std::string::npos);
  CHECK(audit->body.find(team.key) == std::string::npos);
  auto rows = json_of(audit)["data"];
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["reason"] == "permission_denied");
  CHECK(rows[0]["route"] == "/admin/users");
  CHECK(rows[0]["ip"] == "127.0.0.1");
  CHECK(rows[0]["key_id"].get<std::string>().rfind("key_", 0) == 0);
  CHECK(rows[1]["reason"] == "invalid_api_key");
  CHECK(rows[1]["route"] == "/v1/chat/completions");
  CHECK(rows[1]["key_id"] == "");
  CHECK(rows[1]["key_prefix"].get<std::string>().rfind("gw_live_QQQQ", 0) == 0);
  CHECK(!rows[1]["time"].get<std::string>().empty());
}
