// stripe_event.h - what gw does with one Stripe event (already verified by
// its Stripe-Signature): credit a purchase to a gw user, or ignore it, and
// why. Pure; thread-safe.
//
// Credited: "checkout.session.completed" with payment_status "paid" (or
// absent) and "checkout.session.async_payment_succeeded", whose Checkout
// Session has
//   amount_total   whole cents, > 0 (credited exactly: 1 cent = 1e8 Money units)
//   currency       "usd" (or absent)
//   metadata.gw_user, else client_reference_id   the user's id or name
// Everything else is ignored with a reason. payment_intent.succeeded is
// deliberately ignored: a Checkout payment also sends it, and crediting both
// would credit one payment twice.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/base/money.h"
#include "core/base/result.h"

namespace gw {

struct StripeCredit {
  std::string user;  // user id or name, as the payment named it
  Money amount;      // exact fixed point
  std::string note;  // for the ledger: "stripe checkout cs_..."
};

struct StripeDecision {
  std::string event_id;                // "evt_..."; the idempotency key of the credit
  std::string type;                    // "checkout.session.completed"
  std::optional<StripeCredit> credit;  // empty: ignore the event
  std::string reason;                  // when ignored: why, one line
};

// Reads a Stripe event body. Errors: kInvalidRequest "malformed_stripe_event"
// when it is not a JSON object with a string "id" and "type".
Result<StripeDecision> read_stripe_event(std::string_view payload);

// Whole cents as Money; nullopt when negative or on overflow.
std::optional<Money> money_from_cents(int64_t cents);

}  // namespace gw
