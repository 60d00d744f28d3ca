// ledger_sql.cc - contracts in ledger_sql.h.
#include "proxy/io/ledger_sql.h"

namespace gw {
namespace {

constexpr std::string_view kInsert =
    "INSERT OR IGNORE INTO ledger (user_id, kind, created_ms, allowance_units, purchased_units, request_id, "
    "external_id, reserved_units, uncollected_units, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

constexpr std::string_view kApply =
    "UPDATE users SET allowance_units = allowance_units + ?2, purchased_units = purchased_units + ?3, "
    "trial_tokens_used = trial_tokens_used + ?4, trial_requests_used = trial_requests_used + ?5, "
    "period_start_ms = CASE WHEN ?6 > 0 THEN ?6 ELSE period_start_ms END WHERE id = ?1";

}  // namespace

const char* const kLedgerColumns =
    "user_id, kind, created_ms, allowance_units, purchased_units, request_id, external_id, reserved_units, "
    "uncollected_units, note";

void BalanceDelta::add(const LedgerEntry& e) {
  allowance_units += e.allowance_delta.units();
  purchased_units += e.purchased_delta.units();
  trial_tokens += e.trial_tokens;
  trial_requests += e.trial_requests;
  if (e.period_start_ms > 0) period_start_ms = e.period_start_ms;
}

Result<bool> insert_ledger_row(Database& db, const LedgerEntry& e) {
  const SqlArg args[] = {e.user_id,
                         ledger_kind_name(e.kind),
                         e.created_ms,
                         e.allowance_delta.units(),
                         e.purchased_delta.units(),
                         sql_arg_or_null(e.request_id),
                         sql_arg_or_null(e.external_id),
                         e.reserved.units(),
                         e.uncollected.units(),
                         e.note};
  auto inserted = db.change(kInsert, args);
  if (!inserted) return inserted.error();
  return *inserted != 0;
}

Status apply_balance_delta(Database& db, const std::string& user_id, const BalanceDelta& d) {
  const SqlArg args[] = {user_id,        d.allowance_units, d.purchased_units,
                         d.trial_tokens, d.trial_requests,  d.period_start_ms};
  auto applied = db.change(kApply, args);
  if (!applied) return applied.error();
  return ok_status();
}

Result<bool> write_ledger_entry(Database& db, const LedgerEntry& e) {
  auto inserted = insert_ledger_row(db, e);
  if (!inserted || !*inserted) return inserted;
  BalanceDelta delta;
  delta.add(e);
  if (auto st = apply_balance_delta(db, e.user_id, delta); !st) return st.error();
  return true;
}

LedgerEntry ledger_entry_from_row(const SqlRow& r) {
  LedgerEntry e;
  e.user_id = sql_text(r.at(0));
  e.kind = parse_ledger_kind(sql_text(r.at(1))).value_or(LedgerKind::kAdjust);
  e.created_ms = sql_integer(r.at(2));
  e.allowance_delta = Money::from_units(sql_integer(r.at(3)));
  e.purchased_delta = Money::from_units(sql_integer(r.at(4)));
  e.request_id = sql_text(r.at(5));
  e.external_id = sql_text(r.at(6));
  e.reserved = Money::from_units(sql_integer(r.at(7)));
  e.uncollected = Money::from_units(sql_integer(r.at(8)));
  e.note = sql_text(r.at(9));
  return e;
}

}  // namespace gw
