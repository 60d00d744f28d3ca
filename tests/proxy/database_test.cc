// database_test.cc - Database: settings, migrations, statements, transactions.
// Each test works in its own temporary directory, removed afterwards.
#include "proxy/io/database.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>

namespace gw {
namespace {

// A fresh directory under $TMPDIR for one test (same helper as usage_writer_test.cc).
struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gw-db-test-XXXXXX").string();
    path = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    REQUIRE(!path.empty());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::unique_ptr<Database> open_ok(const std::string& path, const std::vector<Migration>& migrations) {
  auto db = Database::open(path, migrations);
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
  return std::move(db).value();
}

int64_t count(Database& db, std::string_view sql) {
  auto rows = db.query(sql);
  REQUIRE(rows.ok());
  return std::get<int64_t>(rows->at(0).at(0));
}

bool table_exists(Database& db, const std::string& name) {
  auto rows = db.query("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?1", {name});
  REQUIRE(rows.ok());
  return std::get<int64_t>(rows->at(0).at(0)) == 1;
}

const std::vector<Migration> kOneStep = {
    {1, "things", "CREATE TABLE things (x INTEGER); INSERT INTO things VALUES (1);"},
};

}  // namespace

TEST_CASE("a fresh database uses WAL, private directories and the newest schema") {
  TempDir tmp;
  std::string path = tmp.path + "/data/gw/gw.db";
  auto db = open_ok(path, schema_migrations());

  auto mode = db->query("PRAGMA journal_mode");
  REQUIRE(mode.ok());
  CHECK(std::get<std::string>(mode->at(0).at(0)) == "wal");
  CHECK(db->schema_version() == schema_migrations().back().version);
  CHECK(table_exists(*db, "usage_log"));
  CHECK(table_exists(*db, "meta"));
  CHECK(count(*db, "PRAGMA foreign_keys") == 1);
  CHECK(count(*db, "PRAGMA busy_timeout") == 5000);

  struct stat st {};
  REQUIRE(::stat((tmp.path + "/data/gw").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat((tmp.path + "/data").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
}

TEST_CASE("the single-argument open applies the project's migrations") {
  auto db = Database::open(":memory:");
  REQUIRE(db.ok());
  CHECK((*db)->schema_version() == static_cast<int>(schema_migrations().size()));
  CHECK(table_exists(**db, "usage_log"));
}

TEST_CASE("reopening a database runs only the migrations it has not seen") {
  TempDir tmp;
  std::string path = tmp.path + "/gw.db";
  open_ok(path, kOneStep);
  auto again = open_ok(path, kOneStep);
  CHECK(count(*again, "SELECT count(*) FROM things") == 1);
  again.reset();

  std::vector<Migration> two = kOneStep;
  two.push_back({2, "more", "INSERT INTO things VALUES (2);"});
  auto upgraded = open_ok(path, two);
  CHECK(upgraded->schema_version() == 2);
  CHECK(count(*upgraded, "SELECT count(*) FROM things") == 2);
}

TEST_CASE("a database newer than this gw is refused and left untouched") {
  TempDir tmp;
  std::string path = tmp.path + "/gw.db";
  {
    auto db = open_ok(path, kOneStep);
    REQUIRE(db->exec("PRAGMA user_version=99").ok());
  }
  auto refused = Database::open(path, kOneStep);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::kIo);
  CHECK(refused.error().message == "database schema version 99 is newer than this gw (1)");
  auto again = Database::open(path, kOneStep);  // still 99: nothing was touched
  CHECK_FALSE(again.ok());
}

TEST_CASE("a failing migration rolls back and leaves user_version unchanged") {
  TempDir tmp;
  std::string path = tmp.path + "/gw.db";
  open_ok(path, kOneStep);

  std::vector<Migration> broken = kOneStep;
  broken.push_back({2, "broken", "CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);"});
  auto failed = Database::open(path, broken);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind == ErrorKind::kIo);
  CHECK(failed.error().message.find("migration 2 (broken) failed") != std::string::npos);
  CHECK(failed.error().message.find("no such table: no_such_table") != std::string::npos);

  auto db = open_ok(path, kOneStep);
  CHECK(db->schema_version() == 1);
  CHECK_FALSE(table_exists(*db, "half"));
}

TEST_CASE("migration lists with gaps, duplicates or a wrong start are rejected") {
  for (std::vector<Migration> bad : {
           std::vector<Migration>{{1, "a", "SELECT 1"}, {3, "c", "SELECT 1"}},
           std::vector<Migration>{{1, "a", "SELECT 1"}, {1, "a", "SELECT 1"}},
           std::vector<Migration>{{2, "b", "SELECT 1"}},
       }) {
    auto db = Database::open(":memory:", bad);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().kind == ErrorKind::kInternal);
  }
}

TEST_CASE("query binds integers, text and null and returns them typed") {
  auto db = open_ok(":memory:", {});
  REQUIRE(db->exec("CREATE TABLE t (i INTEGER, s TEXT, n TEXT, b BLOB)").ok());
  const int64_t big = std::numeric_limits<int64_t>::max();
  const std::string with_nul("a\0b", 3);
  auto ins = db->query("INSERT INTO t VALUES (?1, ?2, ?3, ?4)", {big, std::string("héllo"), nullptr, with_nul});
  REQUIRE(ins.ok());
  CHECK(ins->empty());
  CHECK(db->changes() == 1);
  CHECK(db->last_insert_id() == 1);

  auto rows = db->query("SELECT i, s, n, CAST(b AS BLOB), i - ?1 FROM t", {int64_t{1}});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  const SqlRow& row = rows->front();
  CHECK(std::get<int64_t>(row[0]) == big);
  CHECK(std::get<std::string>(row[1]) == "héllo");
  CHECK(std::holds_alternative<std::nullptr_t>(row[2]));
  CHECK(std::get<std::string>(row[3]) == with_nul);
  CHECK(std::get<int64_t>(row[4]) == big - 1);
}

TEST_CASE("query reports sqlite's message and the statement stays usable") {
  auto db = open_ok(":memory:", {});
  REQUIRE(db->exec("CREATE TABLE t (k TEXT PRIMARY KEY)").ok());

  auto syntax = db->query("SELEKT 1");
  REQUIRE_FALSE(syntax.ok());
  CHECK(syntax.error().kind == ErrorKind::kIo);
  CHECK(syntax.error().message.find("syntax error") != std::string::npos);

  const std::string_view insert = "INSERT INTO t VALUES (?1)";
  REQUIRE(db->query(insert, {std::string("a")}).ok());
  auto dup = db->query(insert, {std::string("a")});
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message.find("UNIQUE constraint failed") != std::string::npos);
  CHECK(db->query(insert, {std::string("b")}).ok());  // the cached statement was reset
  CHECK(count(*db, "SELECT count(*) FROM t") == 2);

  CHECK_FALSE(db->query(insert, {}).ok());  // wrong parameter count
  CHECK_FALSE(db->query("SELECT 1; SELECT 2").ok());
}

TEST_CASE("change binds borrowed text, integers and null, and says how many rows it changed") {
  auto db = open_ok(":memory:", {});
  REQUIRE(db->exec("CREATE TABLE t (k TEXT PRIMARY KEY, i INTEGER, n TEXT)").ok());
  const std::string_view insert = "INSERT OR IGNORE INTO t VALUES (?1, ?2, ?3)";
  std::string key = "k1";
  const SqlArg first[] = {key, int64_t{7}, sql_arg_or_null("")};
  REQUIRE(db->change(insert, first).ok());
  CHECK(*db->change(insert, first) == 0);  // ignored: the same key again
  key = "k2";                              // the arguments borrow: the next call sees the new text
  CHECK(*db->change(insert, first) == 1);
  const SqlArg bump[] = {int64_t{3}};
  CHECK(*db->change("UPDATE t SET i = i + ?1", bump) == 2);
  auto rows = db->query("SELECT k, i, n FROM t ORDER BY k");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK(std::get<std::string>(rows->at(1).at(0)) == "k2");
  CHECK(std::get<int64_t>(rows->at(1).at(1)) == 10);
  CHECK(std::holds_alternative<std::nullptr_t>(rows->at(1).at(2)));

  const SqlArg too_few[] = {int64_t{1}};
  auto wrong = db->change(insert, too_few);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message == "sql expects 3 parameters, got 1");
  const SqlArg duplicate[] = {std::string_view("k1"), int64_t{1}, nullptr};
  auto refused = db->change("INSERT INTO t VALUES (?1, ?2, ?3)", duplicate);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("UNIQUE constraint failed") != std::string::npos);
}

TEST_CASE("a statement built at a reused address runs its own text, not the one cached for the address") {
  auto db = open_ok(":memory:", {});
  std::string sql = "SELECT 1";
  CHECK(count(*db, sql) == 1);
  sql[7] = '2';  // same address, same size, other text
  CHECK(count(*db, sql) == 2);
}

TEST_CASE("a transaction commits on success and rolls back when its body fails") {
  TempDir tmp;
  auto db = open_ok(tmp.path + "/gw.db", {});
  REQUIRE(db->exec("CREATE TABLE t (x INTEGER)").ok());

  Status committed = db->transaction([&]() -> Status {
    return db->query("INSERT INTO t VALUES (1)").ok() ? ok_status() : make_error(ErrorKind::kIo, "insert");
  });
  CHECK(committed.ok());

  Status failed = db->transaction([&]() -> Status {
    REQUIRE(db->query("INSERT INTO t VALUES (2)").ok());
    return make_error(ErrorKind::kPaymentRequired, "stop here");
  });
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind == ErrorKind::kPaymentRequired);
  CHECK(failed.error().message == "stop here");

  Status sql_failed = db->transaction([&]() -> Status {
    REQUIRE(db->query("INSERT INTO t VALUES (3)").ok());
    auto bad = db->query("INSERT INTO missing VALUES (3)");
    return bad.ok() ? ok_status() : Status(bad.error());
  });
  CHECK_FALSE(sql_failed.ok());

  CHECK(count(*db, "SELECT count(*) FROM t") == 1);
  CHECK(db->transaction([] { return ok_status(); }).ok());  // no transaction left open
}

TEST_CASE(
    "a version-5 database upgraded to the newest schema counts the same ledger rows in the generation, and keeps the "
    "usage log's time index") {
  TempDir tmp;
  std::string path = tmp.path + "/gw.db";
  const std::vector<Migration> up_to_5(schema_migrations().begin(), schema_migrations().begin() + 5);
  open_ok(path, up_to_5);
  auto db = open_ok(path, schema_migrations());
  REQUIRE(db->schema_version() == schema_migrations().back().version);
  auto generation = [&] { return count(*db, "SELECT value FROM account_generation"); };
  auto insert = [&](std::string_view kind, std::string_view request_id) {
    auto rows = db->query("INSERT INTO ledger (user_id, kind, created_ms, request_id) VALUES ('usr_1', ?1, 1, ?2)",
                          {std::string(kind), std::string(request_id)});
    REQUIRE(rows.ok());
  };
  int64_t g = generation();
  insert("charge", "req-1");
  insert("refund", "req-2");
  insert("allowance_reset", "req-3");
  CHECK(generation() == g);
  for (std::string_view kind : {"purchase", "grant", "adjust", "plan_change"}) {
    insert(kind, std::string("req-") + std::string(kind));
    CHECK(generation() == ++g);
  }
  // The usage log keeps its time index (reports select by time) and loses the model one.
  CHECK(count(*db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'usage_log_created_ms'") == 1);
  CHECK(count(*db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'usage_log_model'") == 0);
}

}  // namespace gw
