// POST /api/stripe/webhook - Stripe's calls about payments. Verifies the
// Stripe-Signature header with [stripe] webhook_secret (v1 HMAC-SHA256 of
// "<t>.<raw body>", at most [stripe] tolerance_s from now), then credits a
// paid Checkout Session (core/ledger/stripe_event.h) to its gw user as a purchase
// whose external_id is the event id, so a replayed event credits once.
//
// It ALWAYS answers 200, whatever happened, so Stripe never retries into a
// loop; the body says what gw did:
//   {"received": true, "result": "credited" | "duplicate" | "ignored" | "rejected", "reason"?: "..."}
// "rejected": the signature is missing, wrong or stale, or Stripe webhooks
// are not configured; nothing is credited. "ignored": a genuine event gw does
// not act on, or cannot (unknown user, no database, a write error).
// Thread-safe (as Accounts).
#include <nlohmann/json.hpp>

#include "core/crypto/signatures.h"
#include "core/ledger/stripe_event.h"
#include "proxy/accounts/accounts.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

Reply outcome(std::string_view result, const std::string& reason = "", const nlohmann::json& extra = {}) {
  nlohmann::json body = {{"received", true}, {"result", result}};
  if (!reason.empty()) body["reason"] = reason;
  if (extra.is_object()) body.update(extra);
  return json_reply(200, body.dump());
}

}  // namespace

Reply handle_stripe_webhook(const Services& s, const InboundRequest& in) {
  const StripeSettings& stripe = s.config->stripe;
  if (stripe.webhook_secret.empty())
    return outcome("rejected", "Stripe webhooks are not configured ([stripe] webhook_secret)");
  Status verified = verify_stripe_signature(in.headers.get("Stripe-Signature"), in.body, stripe.webhook_secret,
                                            s.clock->now_unix_ms() / 1000, stripe.tolerance_s);
  if (!verified) return outcome("rejected", verified.error().message);

  auto decision = read_stripe_event(in.body);
  if (!decision) return outcome("ignored", decision.error().message);
  const nlohmann::json ids = {{"event_id", decision->event_id}, {"type", decision->type}};
  if (!decision->credit) return outcome("ignored", decision->reason, ids);
  if (!s.accounts) return outcome("ignored", "accounts need a database; this server runs without one", ids);

  const StripeCredit& credit = *decision->credit;
  auto entry =
      s.accounts->add_credits(credit.user, LedgerKind::kPurchase, credit.amount, decision->event_id, credit.note);
  if (!entry) return outcome("ignored", "could not credit: " + entry.error().message, ids);
  nlohmann::json done = ids;
  done["user"] = credit.user;
  done["amount_usd"] = credit.amount.to_string();
  if (!*entry) return outcome("duplicate", "event " + decision->event_id + " was already credited", done);
  return outcome("credited", "", done);
}

}  // namespace gw
