// row_batch_sql.h - the placeholder lists of statements that carry many
// rows in one round trip: a multi-row VALUES list and an IN list, numbered
// ?N as gw's SQL is everywhere (PostgreSQL gets $N: pg_database.h). The
// usage writer's batches on a shared database (PostgreSQL) insert their
// usage rows, rollup cells and ledger rows this way, one statement per
// kRowsPerStatement rows, instead of one round trip per row.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace gw {

// Rows per multi-row statement: a usage row has 23 parameters, so a full
// statement binds 4,600 (PostgreSQL takes 65,535; SQLite 32,766).
inline constexpr size_t kRowsPerStatement = 200;

// "(?first, ..., ?first+columns-1), (...), ..." for `rows` rows of
// `columns` parameters each, numbered on from `first`.
std::string sql_value_rows(size_t columns, size_t rows, size_t first = 1);

// "?first, ?first+1, ..., ?first+count-1", for an IN (...) list.
std::string sql_placeholders(size_t count, size_t first = 1);

}  // namespace gw
