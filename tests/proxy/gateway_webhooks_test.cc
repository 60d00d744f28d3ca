// Webhooks and Stripe through the in-process Gateway (FakeClock, a temporary
// database, the built-in mock provider): the routes, the credits.low event
// of a real billed request reaching the outbox, and Stripe credits that are
// verified, exact and idempotent. No sockets, no sleeps.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/crypto/signatures.h"
#include "proxy/gateway.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr const char* kStripeSecret = "whsec_stripe_test_secret";

struct Harness {
  TempDir dir;
  FakeClock clock;
  FakeHttpClient net;
  std::unique_ptr<Gateway> gateway;

  explicit Harness(std::string stripe_secret = kStripeSecret) {
    GatewayOptions o;
    o.config.stripe.webhook_secret = std::move(stripe_secret);
    o.config.credits.low_balance_usd = "4.9999";
    o.db_path = dir.file("gw.db");
    o.clock = &clock;
    o.network = &net;
    o.getenv = [](const char*) -> const char* { return nullptr; };
    auto g = Gateway::create(std::move(o));
    REQUIRE_MESSAGE(g.ok(), (g.ok() ? "" : g.error().message));
    gateway = std::move(g).value();
  }

  Reply send(std::string method, std::string path, std::string body = "", Headers headers = {}) {
    InboundRequest in;
    in.method = std::move(method);
    in.path = std::move(path);
    in.body = std::move(body);
    in.headers = std::move(headers);
    in.remote_addr = "127.0.0.1";
    return gateway->handle(in);
  }
  json send_json(std::string method, std::string path, const json& body = nullptr) {
    Reply r = send(std::move(method), std::move(path), body.is_null() ? "" : body.dump());
    return json::parse(r.body);
  }

  Reply stripe(const std::string& payload, const std::string& secret = kStripeSecret) {
    Headers h;
    h.add("Stripe-Signature", sign_webhook(secret, clock.now_unix_ms() / 1000, payload));
    return send("POST", "/api/stripe/webhook", payload, std::move(h));
  }
  std::string balance(const std::string& user) { return send_json("GET", "/admin/credits/" + user)["balance_usd"]; }
};

std::string checkout_event(const std::string& event_id, const std::string& user, int64_t cents) {
  return json{{"id", event_id},
              {"type", "checkout.session.completed"},
              {"data",
               {{"object",
                 {{"id", "cs_1"},
                  {"amount_total", cents},
                  {"currency", "usd"},
                  {"payment_status", "paid"},
                  {"metadata", {{"gw_user", user}}}}}}}}
      .dump();
}

TEST_CASE("gateway webhooks: admin routes answer under /admin/webhooks") {
  Harness h;
  Reply created = h.send("POST", "/admin/webhooks", R"({"url":"http://127.0.0.1:9/hook","events":["credits.low"]})");
  CHECK(created.status == 201);
  const std::string id = json::parse(created.body)["id"];
  CHECK(h.send("GET", "/admin/webhooks").status == 200);
  CHECK(h.send("POST", "/admin/webhooks/" + id + "/test").status == 202);
  CHECK(h.send("GET", "/admin/webhooks/" + id + "/deliveries").status == 200);
  CHECK(h.send("DELETE", "/admin/webhooks/" + id).status == 200);
  CHECK(h.send("GET", "/admin/webhooks/" + id).status == 404);
}

TEST_CASE("gateway webhooks: a billed request that crosses the low threshold queues credits.low") {
  Harness h;
  json hook = h.send_json("POST", "/admin/webhooks", {{"url", "http://127.0.0.1:9/hook"}, {"events", {"credits.low"}}});
  json user = h.send_json("POST", "/admin/users", {{"name", "alice"}});
  REQUIRE(user["key"]["secret"].is_string());
  Headers auth;
  auth.add("Authorization", "Bearer " + user["key"]["secret"].get<std::string>());
  // ~200 tokens each way at $1/$2 per million: about $0.0006, enough to cross $4.9999.
  std::string words;
  for (int i = 0; i < 200; ++i) words += "word ";
  json chat = {{"model", "mock/echo-priced"}, {"messages", {{{"role", "user"}, {"content", words}}}}};
  Reply r = h.send("POST", "/v1/chat/completions", chat.dump(), auth);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  h.gateway->flush();
  CHECK(*Money::parse(h.balance("alice")) < *Money::parse("4.9999"));

  json history = h.send_json("GET", "/admin/webhooks/" + hook["id"].get<std::string>() + "/deliveries");
  REQUIRE(history["data"].size() == 1);
  CHECK(history["data"][0]["type"] == "credits.low");
  CHECK(history["data"][0]["state"] == "pending");
}

TEST_CASE("stripe: a signed checkout credits the user once, however often it is replayed") {
  Harness h;
  h.send_json("POST", "/admin/users", {{"name", "bob"}});
  const std::string before = h.balance("bob");
  const std::string event = checkout_event("evt_pay_1", "bob", 1999);

  Reply first = h.stripe(event);
  CHECK(first.status == 200);
  json body = json::parse(first.body);
  CHECK(body["received"] == true);
  CHECK(body["result"] == "credited");
  CHECK(body["amount_usd"] == "19.99");
  CHECK(body["event_id"] == "evt_pay_1");
  const std::string after = h.balance("bob");
  CHECK(*Money::parse(after) == *Money::parse(before)->plus(*Money::parse("19.99")));

  for (int i = 0; i < 3; ++i) {
    Reply again = h.stripe(event);
    CHECK(again.status == 200);
    CHECK(json::parse(again.body)["result"] == "duplicate");
  }
  CHECK(h.balance("bob") == after);
}

TEST_CASE("stripe: a wrong, missing or stale signature is answered 200 'rejected' and credits nothing") {
  Harness h;
  h.send_json("POST", "/admin/users", {{"name", "carol"}});
  const std::string before = h.balance("carol");
  const std::string event = checkout_event("evt_forged", "carol", 100000);

  Reply wrong = h.stripe(event, "whsec_not_the_secret");
  CHECK(wrong.status == 200);
  CHECK(json::parse(wrong.body)["result"] == "rejected");
  CHECK(json::parse(wrong.body)["reason"].get<std::string>().find("no v1 signature matches") != std::string::npos);

  Reply missing = h.send("POST", "/api/stripe/webhook", event);
  CHECK(missing.status == 200);
  CHECK(json::parse(missing.body)["result"] == "rejected");

  Headers old;
  old.add("Stripe-Signature", sign_webhook(kStripeSecret, h.clock.now_unix_ms() / 1000 - 301, event));
  Reply stale = h.send("POST", "/api/stripe/webhook", event, old);
  CHECK(stale.status == 200);
  CHECK(json::parse(stale.body)["result"] == "rejected");
  CHECK(h.balance("carol") == before);
}

TEST_CASE("stripe: malformed JSON, unknown users and other events are answered 200 'ignored'") {
  Harness h;
  for (const std::string& payload : {std::string("{not json"), checkout_event("evt_2", "nobody", 500),
                                     json{{"id", "evt_3"}, {"type", "invoice.paid"}}.dump()}) {
    Reply r = h.stripe(payload);
    CHECK(r.status == 200);
    json body = json::parse(r.body);
    CHECK(body["received"] == true);
    CHECK_MESSAGE(body["result"] == "ignored", r.body);
    CHECK(body["reason"].is_string());
  }
}

TEST_CASE("stripe: without [stripe] webhook_secret every event is rejected, still with 200") {
  Harness h("");
  h.send_json("POST", "/admin/users", {{"name", "dave"}});
  const std::string before = h.balance("dave");
  Reply r = h.stripe(checkout_event("evt_4", "dave", 500), "");
  CHECK(r.status == 200);
  CHECK(json::parse(r.body)["result"] == "rejected");
  CHECK(h.balance("dave") == before);
}

}  // namespace
}  // namespace gw
