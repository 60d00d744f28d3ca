// rollup_sql.h - the usage_rollup table (schema: migration 9 in
// proxy/io/migrations.cc, migration 3 on PostgreSQL in pg_migrations.cc;
// rules: core/dashboard/usage_rollup.h). The usage
// writer upserts a batch's cells in the transaction that inserts its usage
// rows, so the rollups never disagree with usage_log; once an hour it drops
// minute rows older than two days. Same thread rules as Database.
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/dashboard/usage_rollup.h"
#include "proxy/io/database.h"

namespace gw {

// Adds every cell of `batch` to its row (inserting it when new). Call inside
// the usage transaction. On a shared database (PostgreSQL) the cells go in
// multi-row statements, one round trip per kRowsPerStatement cells
// (row_batch_sql.h); on SQLite one prepared statement per cell.
Status write_rollups(Database& db, const RollupBatch& batch);

// Deletes minute rows that ended more than kMinuteRollupKeepMs before `now_ms`.
Status prune_minute_rollups(Database& db, int64_t now_ms);

// The histogram's columns as SQL: "h0, h1, ..., h23", each name prefixed
// with `prefix` ("sum(" gives "sum(h0), ...", closed by `suffix`).
std::string rollup_histogram_columns(std::string_view prefix = "", std::string_view suffix = "");

// Statements that rebuild every rollup row from usage_log (migration 9 runs
// them once, for the rows written before the rollups existed; minute rows
// only for the last two days), in SQLite's SQL or PostgreSQL's (migration 3
// there).
std::string rollup_backfill_sql(bool postgres = false);

}  // namespace gw
