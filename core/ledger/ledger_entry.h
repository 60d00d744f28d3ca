// ledger_entry.h - one line of the credit ledger: a signed change to a
// user's two balance buckets. A user's balances always equal the sum of
// their ledger entries (the database keeps both and a check compares them).
// Money is exact fixed point. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/money.h"

namespace gw {

enum class LedgerKind {
  kTrialGrant,      // the trial's one-time credit (allowance bucket)
  kPurchase,        // bought credits (purchased bucket; never expire)
  kGrant,           // credits given by an admin (purchased bucket)
  kAdjust,          // admin correction, either sign (purchased bucket)
  kCharge,          // a request's cost (allowance first, then purchased)
  kRefund,          // a request that is not billed (provider failure): zero change
  kAllowanceReset,  // monthly allowance renewed; the unused rest is dropped
  kPlanChange,      // plan changed: allowance set to the new plan's; purchased untouched
};

std::string_view ledger_kind_name(LedgerKind kind);
std::optional<LedgerKind> parse_ledger_kind(std::string_view name);

struct LedgerEntry {
  int64_t id = 0;  // the ledger row's id once stored; 0 = not stored
  std::string user_id;
  LedgerKind kind = LedgerKind::kCharge;
  int64_t created_ms = 0;       // Unix epoch milliseconds
  Money allowance_delta;        // signed change to the allowance bucket
  Money purchased_delta;        // signed change to the purchased bucket
  std::string request_id;       // charges and refunds: exactly one entry per request
  std::string external_id;      // purchases: the payment's event ID (idempotency), else ""
  Money reserved;               // charges and refunds: what pre-flight held
  Money uncollected;            // charges: cost above what the balance could cover
  int64_t trial_tokens = 0;     // added to the trial's token counter
  int64_t trial_requests = 0;   // added to the trial's request counter
  int64_t period_start_ms = 0;  // allowance resets: the new period's start, else 0
  std::string note;             // free text for history listings (never secrets)
  std::string lease_id;  // shared balances: the lease its hold came from (not stored); "" = the request's own hold

  Money total_delta() const;  // allowance_delta + purchased_delta (saturating)
};

}  // namespace gw
