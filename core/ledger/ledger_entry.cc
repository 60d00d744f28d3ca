#include "core/ledger/ledger_entry.h"

namespace gw {
namespace {

struct KindName {
  LedgerKind kind;
  std::string_view name;
};

constexpr KindName kKinds[] = {
    {LedgerKind::kTrialGrant, "trial_grant"},
    {LedgerKind::kPurchase, "purchase"},
    {LedgerKind::kGrant, "grant"},
    {LedgerKind::kAdjust, "adjust"},
    {LedgerKind::kCharge, "charge"},
    {LedgerKind::kRefund, "refund"},
    {LedgerKind::kAllowanceReset, "allowance_reset"},
    {LedgerKind::kPlanChange, "plan_change"},
};

}  // namespace

std::string_view ledger_kind_name(LedgerKind kind) {
  for (const KindName& k : kKinds)
    if (k.kind == kind) return k.name;
  return "unknown";
}

std::optional<LedgerKind> parse_ledger_kind(std::string_view name) {
  for (const KindName& k : kKinds)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

Money LedgerEntry::total_delta() const { return allowance_delta.plus(purchased_delta).value_or(allowance_delta); }

}  // namespace gw
