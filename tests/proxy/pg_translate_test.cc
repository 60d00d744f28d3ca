// gw's SQL, written for SQLite, as PostgreSQL runs it
// (proxy/io/pg_database.h): parameters, INSERT OR IGNORE, BEGIN kinds.
// Pure text; no database.
#include <doctest/doctest.h>

#include "proxy/io/pg_database.h"

namespace gw {

TEST_CASE("postgres sql: ?N parameters become $N, quoted text is left alone") {
  CHECK(translate_sql_for_postgres("SELECT a FROM t WHERE id = ?1 AND name = ?12") ==
        "SELECT a FROM t WHERE id = $1 AND name = $12");
  CHECK(translate_sql_for_postgres("SELECT '?1' FROM t WHERE x = ?2") == "SELECT '?1' FROM t WHERE x = $2");
}

TEST_CASE("postgres sql: INSERT OR IGNORE becomes ON CONFLICT DO NOTHING (a request id is stored once)") {
  CHECK(translate_sql_for_postgres("INSERT OR IGNORE INTO ledger (a, b) VALUES (?1, ?2)") ==
        "INSERT INTO ledger (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING");
}

TEST_CASE("postgres sql: SQLite's transaction kinds become plain BEGIN") {
  CHECK(translate_sql_for_postgres("BEGIN IMMEDIATE") == "BEGIN");
  CHECK(translate_sql_for_postgres("BEGIN DEFERRED") == "BEGIN");
}

TEST_CASE("postgres: a database URL is told from a SQLite path") {
  CHECK(is_postgres_url("postgres://gw@127.0.0.1:5432/gw"));
  CHECK(is_postgres_url("postgresql://gw@db/gw"));
  CHECK_FALSE(is_postgres_url("/var/lib/gw/gw.db"));
  CHECK_FALSE(is_postgres_url(":memory:"));
}

}  // namespace gw
