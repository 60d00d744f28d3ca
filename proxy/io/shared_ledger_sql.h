// shared_ledger_sql.h - writing a batch of ledger entries to a database
// several gw instances share (PostgreSQL), in a few round trips whatever
// the batch's size: the usage writer's half of settlement there (holds are
// taken by proxy/accounts/shared_holds.h).
//
// Exactly once: a ledger row's request_id and external_id are unique, a row
// already present is skipped, and only the rows the INSERT returns are
// applied to balances. Call inside the writer's transaction. Same thread
// rules as Database.
#pragma once

#include <span>

#include "core/base/result.h"
#include "core/ledger/ledger_entry.h"
#include "proxy/io/database.h"

namespace gw {

// Ends each entry's hold (its holds row deleted, or, for a hold taken from
// a balance lease (entry.lease_id), the lease's row lowered by
// entry.reserved, once per new ledger row; users.reserved_units lowered by
// what was released), locks the users' rows in id order, re-splits each charge over
// the balance as the database has it (another instance may have spent the
// allowance this one still counts: a charge never takes a bucket below
// zero; what the balance cannot cover is uncollected), writes the new
// ledger rows (a request id or external id already present, or repeated in
// the batch, is skipped: charged once, whichever instance settles it) and
// applies their sums, one UPDATE for the whole batch. Round trips: four,
// plus one per kRowsPerStatement ledger rows, plus one when leases are used.
//
// Fails, so that the caller's transaction is rolled back and retried, if
// the rows the INSERT returns are not the ones found new a moment before
// (another writer stored one meanwhile).
Status write_entries_shared(Database& db, std::span<const LedgerEntry* const> entries);

}  // namespace gw
