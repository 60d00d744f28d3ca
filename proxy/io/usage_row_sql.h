// usage_row_sql.h - a UsageRecord as a usage_log row: its parameters, the
// one-row insert the SQLite writer prepares once and runs per record, the
// multi-row insert a shared database (PostgreSQL) gets instead (one round
// trip per kRowsPerStatement records, row_batch_sql.h), the stored bodies,
// and the record as the dashboard's rollups see it.
//
// Every insert ignores a request_id already stored: a resubmitted request
// is written once, and only rows inserted now are counted (rollups,
// listeners). Call inside the usage writer's transaction. Same thread rules
// as Database.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/dashboard/usage_rollup.h"
#include "proxy/io/database.h"
#include "proxy/io/usage_writer.h"

namespace gw {

inline constexpr size_t kUsageColumns = 23;

// INSERT OR IGNORE of one row, parameters ?1..?23 (usage_row_args).
const std::string& insert_usage_row_sql();

// The row's parameters, borrowing the record's strings.
std::array<SqlArg, kUsageColumns> usage_row_args(const UsageRecord& r);

// The row as the rollups count it (borrows the record's strings).
RollupInput rollup_input(const UsageRecord& r);

// Stores r's prompt and answer in usage_bodies (ignored if already there).
Status insert_usage_bodies(Database& db, const UsageRecord& r);

// Inserts `records` in multi-row statements; returns the ones inserted now,
// in their order: not those whose request_id was already stored, nor a
// second record with the same request_id.
Result<std::vector<const UsageRecord*>> insert_usage_rows(Database& db, std::span<const UsageRecord* const> records);

}  // namespace gw
