// stripe_event.cc - contracts in stripe_event.h.
#include "core/ledger/stripe_event.h"

#include <nlohmann/json.hpp>

#include "core/base/ascii_text.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr int64_t kUnitsPerCent = Money::kUnitsPerDollar / 100;

// A non-empty string member of `object`, or "".
std::string text(const json& object, const char* name) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_string()) return {};
  return object[name].get<std::string>();
}

Result<StripeDecision> ignore(StripeDecision d, std::string reason) {
  d.reason = std::move(reason);
  return d;
}

Result<StripeDecision> checkout_credit(StripeDecision d, const json& session) {
  if (d.type == "checkout.session.completed") {
    std::string status = text(session, "payment_status");
    if (!status.empty() && status != "paid")
      return ignore(std::move(d), "the checkout is not paid yet (payment_status " + status + ")");
  }
  std::string currency = ascii_lower(text(session, "currency"));
  if (!currency.empty() && currency != "usd") return ignore(std::move(d), "currency " + currency + " is not usd");
  std::string user = session.contains("metadata") ? text(session["metadata"], "gw_user") : "";
  if (user.empty()) user = text(session, "client_reference_id");
  if (user.empty()) return ignore(std::move(d), "no gw user in metadata.gw_user or client_reference_id");
  if (!session.contains("amount_total") || !session["amount_total"].is_number_integer())
    return ignore(std::move(d), "amount_total is missing or not whole cents");
  auto amount = money_from_cents(session["amount_total"].get<int64_t>());
  if (!amount || *amount == Money{}) return ignore(std::move(d), "amount_total must be a positive number of cents");
  std::string session_id = text(session, "id");
  d.credit = StripeCredit{user, *amount, "stripe checkout" + (session_id.empty() ? "" : " " + session_id)};
  return d;
}

}  // namespace

std::optional<Money> money_from_cents(int64_t cents) {
  if (cents < 0) return std::nullopt;
  return Money::from_units(kUnitsPerCent).times(cents);
}

Result<StripeDecision> read_stripe_event(std::string_view payload) {
  json event = parse_json(payload);
  StripeDecision d;
  d.event_id = text(event, "id");
  d.type = text(event, "type");
  if (d.event_id.empty() || d.type.empty())
    return make_error(ErrorKind::kInvalidRequest, "a Stripe event is a JSON object with a string id and type",
                      "malformed_stripe_event");
  if (d.type != "checkout.session.completed" && d.type != "checkout.session.async_payment_succeeded")
    return ignore(std::move(d), "event type " + d.type + " does not credit anything");
  const json* session = nullptr;
  if (event.contains("data") && event["data"].is_object() && event["data"].contains("object") &&
      event["data"]["object"].is_object())
    session = &event["data"]["object"];
  if (!session) return ignore(std::move(d), "the event has no data.object");
  return checkout_credit(std::move(d), *session);
}

}  // namespace gw
