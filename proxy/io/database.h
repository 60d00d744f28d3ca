// database.h - gw's database: SQLite by default (opening, WAL mode,
// numbered schema migrations, a small statement helper), or PostgreSQL when
// the path is a postgres:// URL (proxy/io/pg_database.h, same interface:
// the SQL gw writes is translated there). The only code that includes
// sqlite3.h is proxy/io/database.cc; libpq-fe.h, proxy/io/pg_database.cc.
//
// Migrations are an ordered list in proxy/io/migrations.cc; each runs once, in
// a transaction, and PRAGMA user_version records how far a database has come.
// A database newer than this binary is refused (kIo) rather than touched.
//
// Thread-safety: a Database is one connection; use it from one thread at a
// time (the gateway gives the writer thread its own connection).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/result.h"

struct sqlite3_stmt;  // sqlite3.h stays in database.cc

namespace gw {

using SqlValue = std::variant<std::nullptr_t, int64_t, std::string>;
using SqlRow = std::vector<SqlValue>;

// Reading and writing column values: NULL (or another type) reads as 0 / "";
// an empty string is written as NULL.
inline int64_t sql_integer(const SqlValue& v) { return std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : 0; }
inline std::string sql_text(const SqlValue& v) {
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
}
inline SqlValue sql_text_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

// A parameter that borrows its text, for statements run once per request
// (no copies): the text must outlive the call.
using SqlArg = std::variant<std::nullptr_t, int64_t, std::string_view>;
inline SqlArg sql_arg_or_null(std::string_view s) {
  if (s.empty()) return nullptr;
  return s;
}

struct Migration {
  int version;            // 1, 2, 3 ... in order, no gaps
  std::string_view name;  // "usage_log"
  std::string_view sql;   // one or more statements
};

// The project's migrations, in order.
const std::vector<Migration>& schema_migrations();

class Database {
 public:
  // Opens (creating parent directories and the file if needed), sets WAL,
  // synchronous=NORMAL, busy_timeout, foreign_keys, then migrates to the
  // newest schema. ":memory:" opens a private in-memory database.
  // A postgres:// (or postgresql://) path opens PostgreSQL with its own
  // migrations (pg_schema_migrations()); `migrations` is for SQLite.
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  static Result<std::unique_ptr<Database>> open(const std::string& path, const std::vector<Migration>& migrations);
  virtual ~Database();

  // Runs one or more statements with no parameters and no results.
  virtual Status exec(std::string_view sql);
  // Runs one statement with bound parameters (?1, ?2, ...), collecting rows.
  virtual Result<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params = {});
  // Runs one statement that returns no rows (INSERT, UPDATE, DELETE) with
  // borrowed parameters (?1, ?2, ...); returns how many rows it changed.
  virtual Result<int64_t> change(std::string_view sql, std::span<const SqlArg> args);
  // Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back if fn fails.
  virtual Status transaction(const std::function<Status()>& fn);
  // Runs `fn` inside a read transaction (BEGIN DEFERRED ... COMMIT): all its
  // queries see one snapshot. It takes no write lock, so in WAL mode it
  // neither waits for nor delays writers.
  virtual Status read_snapshot(const std::function<Status()>& fn);

  virtual int schema_version();
  virtual int64_t last_insert_id();
  virtual int64_t changes();
  // PostgreSQL (a server shared by several gw instances), not SQLite.
  virtual bool shared() const { return false; }
  // PostgreSQL: whether a lost connection may be dialled again inside a
  // call (default true). A fiber turns it off so that no call blocks its
  // loop on a dial: a lost connection then fails the call (kUnavailable,
  // code "connection_lost").
  virtual void set_redial(bool) {}
  const std::string& path() const { return path_; }

 protected:
  Database();  // out of line: Impl is complete only in database.cc
  std::string path_;

 private:
  Status run_between(const char* begin, const std::function<Status()>& fn);
  // The cached statement for `sql`, prepared on first use.
  Result<sqlite3_stmt*> prepared(std::string_view sql);
  // The cached statement with `params` (SqlValue or SqlArg) bound to ?1,
  // ?2, ... (database.cc).
  class Bound;
  template <class Params>
  Result<Bound> bound(std::string_view sql, const Params& params);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True for a postgres:// or postgresql:// URL.
bool is_postgres_url(std::string_view path);

}  // namespace gw
