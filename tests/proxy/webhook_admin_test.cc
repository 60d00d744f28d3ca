// The webhooks admin API as one function: creation rules, secrets shown
// once, test pings, delivery history, deletion, clear errors.
#include "proxy/webhooks/webhook_admin.h"

#include <doctest/doctest.h>

#include "tests/support/fake_clock.h"
#include "tests/support/webhook_fixture.h"

namespace gw {
namespace {

using nlohmann::json;

struct AdminHarness {
  FakeClock clock;
  std::unique_ptr<WebhookStore> store = open_webhook_store();

  AdminAnswer call(std::string_view method, std::string_view path, const json& body = nullptr,
                   std::string_view query = "") {
    return webhook_admin_call(*store, clock, method, path, query, body.is_null() ? "" : body.dump());
  }
  std::string create(const json& body) {
    AdminAnswer a = call("POST", "/admin/webhooks", body);
    REQUIRE_MESSAGE(a.status == 201, a.body.dump());
    return a.body["id"].get<std::string>();
  }
};

TEST_CASE("webhook admin: creating returns 201 with a generated whsec_ secret, shown only then") {
  AdminHarness h;
  AdminAnswer a =
      h.call("POST", "/admin/webhooks", {{"url", "https://hooks.example.com/gw"}, {"events", {"credits.low"}}});
  REQUIRE(a.status == 201);
  CHECK(a.body["id"].get<std::string>().rfind("whk_", 0) == 0);
  CHECK(a.body["url"] == "https://hooks.example.com/gw");
  CHECK(a.body["events"] == json::array({"credits.low"}));
  const std::string secret = a.body["secret"].get<std::string>();
  CHECK(secret.rfind("whsec_", 0) == 0);
  CHECK(secret.size() == 6 + 48);

  AdminAnswer list = h.call("GET", "/admin/webhooks");
  REQUIRE(list.status == 200);
  REQUIRE(list.body["data"].size() == 1);
  CHECK_FALSE(list.body["data"][0].contains("secret"));
  CHECK(list.body.dump().find(secret) == std::string::npos);
  AdminAnswer one = h.call("GET", "/admin/webhooks/" + a.body["id"].get<std::string>());
  CHECK(one.status == 200);
  CHECK(one.body.dump().find(secret) == std::string::npos);
  CHECK(h.store->find(a.body["id"].get<std::string>())->secret == secret);  // kept for signing
}

TEST_CASE("webhook admin: a given secret is used; no events means all") {
  AdminHarness h;
  AdminAnswer a =
      h.call("POST", "/admin/webhooks", {{"url", "http://127.0.0.1:9000/"}, {"secret", "my-own-secret-1234"}});
  REQUIRE(a.status == 201);
  CHECK(a.body["secret"] == "my-own-secret-1234");
  CHECK(a.body["events"] == json::array({"*"}));
}

TEST_CASE("webhook admin: bad URLs, event names, secrets and bodies are 400s that say what is wrong") {
  AdminHarness h;
  struct Case {
    json body;
    const char* param;
    const char* says;
  };
  for (const Case& c :
       {Case{{{"url", "ftp://example.com"}}, "url", "only http:// and https://"},
        Case{json::object(), "url", "'url' is required"},
        Case{{{"url", "http://x.example"}, {"events", {"credits.lo"}}}, "events", "unknown event type 'credits.lo'"},
        Case{{{"url", "http://x.example"}, {"events", 5}}, "events", "list of event names"},
        Case{{{"url", "http://x.example"}, {"secret", "short"}}, "secret", "16 to 256"}}) {
    AdminAnswer a = h.call("POST", "/admin/webhooks", c.body);
    CHECK(a.status == 400);
    CHECK(a.body["error"]["param"] == c.param);
    CHECK_MESSAGE(a.body["error"]["message"].get<std::string>().find(c.says) != std::string::npos, a.body.dump());
  }
  AdminAnswer not_json = webhook_admin_call(*h.store, h.clock, "POST", "/admin/webhooks", "", "{oops");
  CHECK(not_json.status == 400);
  CHECK(h.call("GET", "/admin/webhooks").body["data"].empty());
}

TEST_CASE("webhook admin: a test ping is queued for that webhook only, whatever its events") {
  AdminHarness h;
  const std::string id = h.create({{"url", "http://127.0.0.1:9/a"}, {"events", {"credits.low"}}});
  const std::string other = h.create({{"url", "http://127.0.0.1:9/b"}});
  AdminAnswer a = h.call("POST", "/admin/webhooks/" + id + "/test");
  REQUIRE(a.status == 202);
  CHECK(a.body["type"] == "webhook.test");
  CHECK(a.body["event_id"].get<std::string>().rfind("evt_", 0) == 0);

  AdminAnswer history = h.call("GET", "/admin/webhooks/" + id + "/deliveries");
  REQUIRE(history.status == 200);
  REQUIRE(history.body["data"].size() == 1);
  const json& d = history.body["data"][0];
  CHECK(d["id"] == a.body["delivery_id"]);
  CHECK(d["event_id"] == a.body["event_id"]);
  CHECK(d["type"] == "webhook.test");
  CHECK(d["state"] == "pending");
  CHECK(d["attempts"] == 0);
  CHECK(d["next_attempt"].is_string());
  CHECK(d["delivered"].is_null());
  CHECK(h.call("GET", "/admin/webhooks/" + other + "/deliveries").body["data"].empty());
}

TEST_CASE("webhook admin: history shows attempts, the last status and error, newest first, limited") {
  AdminHarness h;
  const std::string id = h.create({{"url", "http://127.0.0.1:9/a"}});
  for (int i = 0; i < 3; ++i) REQUIRE(h.call("POST", "/admin/webhooks/" + id + "/test").status == 202);
  auto due = h.store->claim_due(h.clock.now_unix_ms(), h.clock.now_unix_ms() + 1000, 1);
  REQUIRE(due->size() == 1);
  REQUIRE(h.store
              ->record_attempt(due->at(0).row.id, after_attempt(RetryPolicy{}, 0, false, h.clock.now_unix_ms()), 500,
                               "HTTP 500: down")
              .ok());
  AdminAnswer history = h.call("GET", "/admin/webhooks/" + id + "/deliveries", nullptr, "limit=3");
  REQUIRE(history.body["data"].size() == 3);
  const json& oldest = history.body["data"][2];
  CHECK(oldest["attempts"] == 1);
  CHECK(oldest["last_status"] == 500);
  CHECK(oldest["last_error"] == "HTTP 500: down");
  CHECK(h.call("GET", "/admin/webhooks/" + id + "/deliveries", nullptr, "limit=1").body["data"].size() == 1);
  CHECK(h.call("GET", "/admin/webhooks/" + id + "/deliveries", nullptr, "limit=0").status == 400);
}

TEST_CASE("webhook admin: DELETE and POST .../delete remove a webhook; unknown ids are 404s") {
  AdminHarness h;
  const std::string a = h.create({{"url", "http://127.0.0.1:9/a"}});
  const std::string b = h.create({{"url", "http://127.0.0.1:9/b"}});
  CHECK(h.call("DELETE", "/admin/webhooks/" + a).status == 200);
  CHECK(h.call("POST", "/admin/webhooks/" + b + "/delete").status == 200);
  CHECK(h.call("GET", "/admin/webhooks").body["data"].empty());
  for (auto [method, path] : {std::pair{"GET", "/admin/webhooks/whk_nope"},
                              {"DELETE", "/admin/webhooks/whk_nope"},
                              {"POST", "/admin/webhooks/whk_nope/test"},
                              {"GET", "/admin/webhooks/whk_nope/deliveries"}}) {
    AdminAnswer r = h.call(method, path);
    CHECK(r.status == 404);
    CHECK(r.body["error"]["code"] == "webhook_not_found");
  }
  CHECK(h.call("PUT", "/admin/webhooks").status == 404);
  CHECK(h.call("GET", "/admin/webhooks/x/y/z").status == 404);
}

}  // namespace
}  // namespace gw
