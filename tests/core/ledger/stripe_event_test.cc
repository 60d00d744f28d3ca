// Stripe events: what is credited (exactly), what is ignored and why.
#include "core/ledger/stripe_event.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace gw {
namespace {

using nlohmann::json;

json checkout(json session, std::string type = "checkout.session.completed") {
  return {{"id", "evt_1"}, {"object", "event"}, {"type", type}, {"data", {{"object", session}}}};
}

json paid_session() {
  return {{"id", "cs_test_1"},
          {"object", "checkout.session"},
          {"amount_total", 1999},
          {"currency", "usd"},
          {"payment_status", "paid"},
          {"client_reference_id", "alice"},
          {"metadata", {{"gw_user", "usr_abc"}}}};
}

TEST_CASE("stripe: a paid checkout credits amount_total cents exactly to metadata.gw_user") {
  auto d = read_stripe_event(checkout(paid_session()).dump());
  REQUIRE(d.ok());
  CHECK(d->event_id == "evt_1");
  CHECK(d->type == "checkout.session.completed");
  REQUIRE(d->credit.has_value());
  CHECK(d->credit->user == "usr_abc");
  CHECK(d->credit->amount == *Money::parse("19.99"));
  CHECK(d->credit->amount.units() == 199'900'000'000);
  CHECK(d->credit->note == "stripe checkout cs_test_1");
}

TEST_CASE("stripe: client_reference_id names the user when metadata has no gw_user") {
  json s = paid_session();
  s.erase("metadata");
  auto d = read_stripe_event(checkout(s).dump());
  REQUIRE(d->credit.has_value());
  CHECK(d->credit->user == "alice");
}

TEST_CASE("stripe: an async payment that succeeded later is credited") {
  json s = paid_session();
  s["payment_status"] = "unpaid";
  auto completed = read_stripe_event(checkout(s).dump());
  CHECK_FALSE(completed->credit.has_value());
  CHECK(completed->reason.find("not paid") != std::string::npos);
  auto later = read_stripe_event(checkout(paid_session(), "checkout.session.async_payment_succeeded").dump());
  CHECK(later->credit.has_value());
}

TEST_CASE("stripe: events that credit nothing are ignored with a reason") {
  struct Case {
    json event;
    const char* why;
  };
  json no_user = paid_session(), eur = paid_session(), zero = paid_session(), text_amount = paid_session();
  no_user.erase("metadata");
  no_user.erase("client_reference_id");
  eur["currency"] = "eur";
  zero["amount_total"] = 0;
  text_amount["amount_total"] = "19.99";
  for (const Case& c : {Case{checkout(paid_session(), "payment_intent.succeeded"), "does not credit"},
                        Case{checkout(no_user), "no gw user"}, Case{checkout(eur), "eur is not usd"},
                        Case{checkout(zero), "positive"}, Case{checkout(text_amount), "whole cents"},
                        Case{json{{"id", "evt_2"}, {"type", "checkout.session.completed"}}, "no data.object"}}) {
    auto d = read_stripe_event(c.event.dump());
    REQUIRE(d.ok());
    CHECK_FALSE(d->credit.has_value());
    CHECK_MESSAGE(d->reason.find(c.why) != std::string::npos, d->reason);
  }
}

TEST_CASE("stripe: a body that is not an event is an error") {
  for (const char* body : {"", "not json", "[]", R"({"type":"checkout.session.completed"})", R"({"id":"evt_1"})",
                           R"({"id":5,"type":"x"})"}) {
    auto d = read_stripe_event(body);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().code == "malformed_stripe_event");
  }
}

TEST_CASE("stripe: cents convert to money exactly, refusing negatives and overflow") {
  CHECK(money_from_cents(1)->to_string() == "0.01");
  CHECK(money_from_cents(500)->to_string() == "5.00");
  CHECK_FALSE(money_from_cents(-1).has_value());
  CHECK_FALSE(money_from_cents(INT64_MAX / 1000).has_value());
}

}  // namespace
}  // namespace gw
