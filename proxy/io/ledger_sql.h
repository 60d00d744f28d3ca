// ledger_sql.h - writing one ledger entry to SQLite: the ledger row and the
// matching change to the user's balance columns, so balances always equal
// the sum of ledger rows. A row whose request_id or external_id is already
// present is ignored (and the balance is not touched): idempotent.
// Call inside a transaction. Same thread rules as Database.
#pragma once

#include "core/base/result.h"
#include "core/ledger/ledger_entry.h"
#include "proxy/io/database.h"

namespace gw {

// Returns true when the entry was new and applied, false when it was a
// duplicate (same request_id or external_id) and ignored.
Result<bool> write_ledger_entry(Database& db, const LedgerEntry& entry);

// Several entries' changes to the balance columns of one user, summed, so a
// batch of charges updates each user's row once (the ledger rows are still
// written one by one). Add only entries insert_ledger_row() reported new.
struct BalanceDelta {
  int64_t allowance_units = 0;
  int64_t purchased_units = 0;
  int64_t trial_tokens = 0;
  int64_t trial_requests = 0;
  int64_t period_start_ms = 0;  // the latest entry's, when it set one
  void add(const LedgerEntry& entry);
};

// The ledger row alone: true when new, false when a duplicate was ignored.
Result<bool> insert_ledger_row(Database& db, const LedgerEntry& entry);
// Applies a summed delta to `user_id`'s balance columns.
Status apply_balance_delta(Database& db, const std::string& user_id, const BalanceDelta& delta);

// A batch of entries on a database several instances share (PostgreSQL):
// proxy/io/shared_ledger_sql.h.

// Reads rows of `ledger` back into entries (for history listings and tests).
LedgerEntry ledger_entry_from_row(const SqlRow& row);
// The column list ledger_entry_from_row expects, for SELECT statements.
extern const char* const kLedgerColumns;

}  // namespace gw
