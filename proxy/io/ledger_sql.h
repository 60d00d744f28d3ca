// ledger_sql.h - writing one ledger entry to SQLite: the ledger row and the
// matching change to the user's balance columns, so balances always equal
// the sum of ledger rows. A row whose request_id or external_id is already
// present is ignored (and the balance is not touched): idempotent.
// Call inside a transaction. Same thread rules as Database.
#pragma once

#include "core/ledger_entry.h"
#include "core/result.h"
#include "proxy/io/database.h"

namespace gw {

// Returns true when the entry was new and applied, false when it was a
// duplicate (same request_id or external_id) and ignored.
Result<bool> write_ledger_entry(Database& db, const LedgerEntry& entry);

// Reads rows of `ledger` back into entries (for history listings and tests).
LedgerEntry ledger_entry_from_row(const SqlRow& row);
// The column list ledger_entry_from_row expects, for SELECT statements.
extern const char* const kLedgerColumns;

}  // namespace gw
