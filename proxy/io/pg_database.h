// pg_database.h - gw's database on PostgreSQL: the Database interface over
// one libpq connection, for several `gw serve` instances that share users,
// keys, holds, the ledger and the usage log (docs/scale-out.md).
//
// gw's SQL is written once, for SQLite; this file translates what differs:
// ?N parameters become $N, INSERT OR IGNORE becomes INSERT ... ON CONFLICT
// DO NOTHING (before a RETURNING clause), BEGIN IMMEDIATE becomes BEGIN, a read snapshot is REPEATABLE
// READ, last_insert_id() is lastval(). Integers are bound as int8, text as
// text; int, bigint and numeric results read as integers.
//
// Migrations: pg_schema_migrations() (proxy/io/pg_migrations.cc), recorded
// in table gw_schema; instances starting together take an advisory lock so
// each migration runs once.
//
// A lost connection is re-dialled on the next call; failures are
// kUnavailable ("database unreachable: ..."). Every call is bounded, unless
// the URL names its own: connect_timeout 2 s; statement_timeout
// kPgStatementTimeoutMs (the server ends a slow statement or lock wait); and
// kPgAnswerTimeoutMs for a server that answers nothing at all (hung or
// stopped: it cannot enforce its own timeout), after which the connection
// is dropped. A statement so abandoned may still complete on the server
// once it resumes: a hold then lingers until the sweep (kHoldTtlMs), and a
// settlement retried meanwhile is kept once (unique request ids).
//
// Thread-safety: one connection; use it from one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "proxy/io/database.h"

namespace gw {

inline constexpr int kPgStatementTimeoutMs = 5000;
inline constexpr int kPgAnswerTimeoutMs = 6000;

// Opens and migrates. Called by Database::open for postgres:// paths.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url);

// PostgreSQL's schema, in order (the same tables as schema_migrations(),
// plus holds).
const std::vector<Migration>& pg_schema_migrations();

// `sql` as PostgreSQL wants it (see the file comment). Pure.
std::string translate_sql_for_postgres(std::string_view sql);

}  // namespace gw
