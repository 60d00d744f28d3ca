// lease_sql.h - the statements of balance leases on a database several gw
// instances share (PostgreSQL; the rules are core/ledger/lease_book.h, the
// caller proxy/accounts/shared_holds.h). A lease is a row of `leases`
// (proxy/io/pg_migrations.cc, migration 4) whose amount is counted in its
// user's reserved_units, as a hold's is; the usage writer lowers it by each
// settled request's hold (proxy/io/shared_ledger_sql.h).
//
// Lock order: a statement that changes both locks the user's row first and
// the lease's second, as the usage writer does, so they never deadlock.
//
// Same thread rules as Database.
#pragma once

#include <cstdint>

#include "core/base/result.h"
#include "core/ledger/lease_book.h"
#include "proxy/io/database.h"

namespace gw {

// Adds growth.amount to the lease (a new row if it has none), expiring at
// expires_ms, in one statement that reserves it on the user's balance only
// while the available balance (less every hold and lease) is at least
// twice it. kGranted, kRefused, or kFailed (the error in `error`).
GrowthAnswer grow_lease(Database& db, const LeaseGrowth& growth, int64_t now_ms, int64_t expires_ms,
                        std::string* error = nullptr);

// Gives back the lease's unused remainder: the row and reserved_units are
// lowered by it and the row marked returned (what is left is its requests'
// holds, which their settlements consume; a returned row at zero is
// deleted). A row already released, or holding less, is left to the sweep.
Status return_lease(Database& db, const LeaseReturn& back);

// Moves the lease's expiry to expires_ms: false when the row is gone (or
// returned).
Result<bool> renew_lease(Database& db, const LeaseRenewal& renewal, int64_t expires_ms);

// Releases expired holds and leases (and returned leases at zero), lowering
// their users' reserved_units, in one statement.
Status sweep_holds_and_leases(Database& db, int64_t now_ms);

}  // namespace gw
