// gw's SQL, written for SQLite, as PostgreSQL runs it
// (proxy/io/pg_database.h): parameters, INSERT OR IGNORE (with RETURNING,
// and the usage writer's multi-row statements), BEGIN kinds.
// Pure text; no database.
#include <doctest/doctest.h>

#include "proxy/io/pg_database.h"
#include "proxy/io/row_batch_sql.h"

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

TEST_CASE("postgres sql: a multi-row INSERT OR IGNORE ... RETURNING puts ON CONFLICT before RETURNING") {
  const std::string sql = "INSERT OR IGNORE INTO usage_log (request_id, cost_units) VALUES " + sql_value_rows(2, 3) +
                          " RETURNING request_id";
  CHECK(sql ==
        "INSERT OR IGNORE INTO usage_log (request_id, cost_units) VALUES (?1, ?2), (?3, ?4), (?5, ?6) "
        "RETURNING request_id");
  CHECK(translate_sql_for_postgres(sql) ==
        "INSERT INTO usage_log (request_id, cost_units) VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT DO NOTHING "
        "RETURNING request_id");
}

TEST_CASE("postgres sql: a 200-row statement is translated in full, every parameter numbered") {
  // 200 usage rows of 23 parameters: numbers up to $4600, none left as ?N.
  const std::string sql = "INSERT OR IGNORE INTO usage_log VALUES " + sql_value_rows(23, 200);
  const std::string pg = translate_sql_for_postgres(sql);
  CHECK(pg.find('?') == std::string::npos);
  CHECK(pg.find("($4578, $4579, ") != std::string::npos);
  CHECK(pg.ends_with("$4599, $4600) ON CONFLICT DO NOTHING"));
  CHECK(sql_placeholders(3, 8) == "?8, ?9, ?10");
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
