// Webhook bodies and signed headers: what a receiver gets and can verify.
#include "core/webhooks/webhook_message.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/crypto/signatures.h"

namespace gw {
namespace {

const Event kLow{"credits.low", 1'700'000'123'456, {{"user_id", "usr_1"}, {"balance_usd", "0.50"}}};

TEST_CASE("webhook body: id, type, created in seconds and the event's data") {
  auto body = nlohmann::json::parse(webhook_body("evt_abc", kLow));
  CHECK(body["id"] == "evt_abc");
  CHECK(body["type"] == "credits.low");
  CHECK(body["created"] == 1'700'000'123);
  CHECK(body["data"]["user_id"] == "usr_1");
  CHECK(body["data"]["balance_usd"] == "0.50");
  CHECK(body.size() == 4);
}

TEST_CASE("webhook body: an event without data carries an empty object") {
  auto body = nlohmann::json::parse(webhook_body("evt_1", Event{"webhook.test", 0, nullptr}));
  CHECK(body["data"] == nlohmann::json::object());
}

TEST_CASE("webhook headers: the signature verifies with the webhook's secret, Stripe-style") {
  const std::string body = webhook_body("evt_abc", kLow);
  Headers h = webhook_headers("whsec_test_secret", "credits.low", 42, 1'700'000'200, body);
  CHECK(h.get("Content-Type") == "application/json");
  CHECK(h.get("X-Gw-Event") == "credits.low");
  CHECK(h.get("X-Gw-Delivery") == "42");
  CHECK(h.get("X-Gw-Timestamp") == "1700000200");
  const std::string signature(h.get("X-Gw-Signature"));
  CHECK(signature.rfind("t=1700000200,v1=", 0) == 0);
  CHECK(verify_stripe_signature(signature, body, "whsec_test_secret", 1'700'000'200).ok());
  auto wrong_secret = verify_stripe_signature(signature, body, "whsec_other", 1'700'000'200);
  REQUIRE_FALSE(wrong_secret.ok());
  CHECK(wrong_secret.error().code == "signature_mismatch");
  CHECK_FALSE(verify_stripe_signature(signature, body + " ", "whsec_test_secret", 1'700'000'200).ok());
}

}  // namespace
}  // namespace gw
