// database.cc - Database over sqlite3; the only file that includes sqlite3.h.
//
// Every failure becomes make_error(kIo, "<what>: <sqlite3_errmsg>") except a
// malformed migration list, which is a bug in gw (kInternal). Nothing throws
// out of this file. Thread-safety: see database.h (one thread at a time).
#include "proxy/io/database.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <array>
#include <exception>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "proxy/io/paths.h"
#include "proxy/io/pg_database.h"

namespace gw {
namespace {

// Lets the statement cache be searched with a string_view, no copy.
struct SqlHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

Error io_error(sqlite3* db, std::string_view what) {
  return make_error(ErrorKind::kIo, std::string(what) + ": " + sqlite3_errmsg(db));
}

// ":memory:" and URI/temporary names have no parent directory and no WAL.
bool is_file_database(const std::string& path) {
  return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0;
}

// Versions must be exactly 1, 2, ..., N in order.
Status check_migrations(const std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    int want = static_cast<int>(i) + 1;
    if (migrations[i].version != want) {
      return make_error(ErrorKind::kInternal, "migration list is malformed: expected version " + std::to_string(want) +
                                                  ", found " + std::to_string(migrations[i].version) + " (" +
                                                  std::string(migrations[i].name) + ")");
    }
  }
  return ok_status();
}

// Before the first connection: no memory statistics (gw never reads them;
// keeping them takes a process-wide mutex on every SQLite allocation, which
// every connection's thread then contends for). Harmless if SQLite was
// already initialised: sqlite3_config() then refuses and nothing changes.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

struct Database::Impl {
  sqlite3* db = nullptr;
  // Prepared statements by SQL text. Callers pass fixed SQL literals, so the
  // cache stays small; each statement is reset and unbound after every use.
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements;
  // The last few statements used, found by where the caller's SQL text
  // lives (the same literal every time) before hashing it: a writer's few
  // statements run per row, and hashing their 300-character texts costs
  // ~500 instructions each time. The text is compared with the cached copy
  // too, so SQL built at a reused address still finds its own statement.
  struct Recent {
    const char* data = nullptr;         // where the caller's text was
    const std::string* text = nullptr;  // the statement's key in `statements` (nodes do not move)
    sqlite3_stmt* stmt = nullptr;
  };
  std::array<Recent, 8> recent;
  size_t next_recent = 0;

  sqlite3_stmt* find_recent(std::string_view sql) const {
    for (const Recent& r : recent)
      if (r.data == sql.data() && r.text && *r.text == sql) return r.stmt;
    return nullptr;
  }
  void remember(std::string_view sql, const std::string& text, sqlite3_stmt* stmt) {
    recent[next_recent] = {sql.data(), &text, stmt};
    next_recent = (next_recent + 1) % recent.size();
  }

  ~Impl() {
    for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
    sqlite3_close_v2(db);
  }
};

Result<std::unique_ptr<Database>> Database::open(const std::string& path) { return open(path, schema_migrations()); }

bool is_postgres_url(std::string_view path) {
  return path.rfind("postgres://", 0) == 0 || path.rfind("postgresql://", 0) == 0;
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, const std::vector<Migration>& migrations) {
  if (is_postgres_url(path)) return open_postgres(path);
  if (Status s = check_migrations(migrations); !s) return s.error();
  const bool is_file = is_file_database(path);
  if (is_file) {
    size_t slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      if (Status s = make_dirs(path.substr(0, slash)); !s) return s.error();  // new dirs get 0700
    }
  }

  configure_sqlite_once();
  std::unique_ptr<Database> self(new Database());
  self->path_ = path;
  self->impl_ = std::make_unique<Impl>();
  // NOMUTEX: a Database is used by one thread at a time (database.h), so
  // SQLite's per-connection mutex only costs a lock and an unlock on every
  // call (~15% of the usage writer's instructions per row, callgrind).
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &self->impl_->db, flags, nullptr) != SQLITE_OK) {
    if (self->impl_->db == nullptr)
      return make_error(ErrorKind::kIo, "cannot open database " + path + ": out of memory");
    return io_error(self->impl_->db, "cannot open database " + path);
  }
  sqlite3_extended_result_codes(self->impl_->db, 1);
  // The database will hold usage, keys and balances: owner-only. SQLite
  // gives its -wal and -shm files the same mode as the main file.
  if (is_file) ::chmod(path.c_str(), 0600);

  // Settings, in order; busy_timeout first so the WAL switch can wait for locks.
  if (Status s = self->exec("PRAGMA busy_timeout=5000"); !s) return s.error();
  auto mode = self->query("PRAGMA journal_mode=WAL");
  if (!mode) return mode.error();
  if (is_file) {
    const std::string* got =
        mode->empty() || mode->front().empty() ? nullptr : std::get_if<std::string>(&mode->front().front());
    if (got == nullptr || *got != "wal") {
      return make_error(ErrorKind::kIo, "database " + path + " could not switch to WAL mode (got " +
                                            (got ? *got : std::string("nothing")) + ")");
    }
  }
  // Page cache: 512 KiB a connection (SQLite's default is 2 MiB). gw keeps
  // four connections open, and as the usage log and ledger grow from empty
  // their caches filled toward 8 MiB, a quarter of gw's memory; the writer
  // appends in time order and touches only each index's rightmost path, and
  // reads fall back on the operating system's file cache.
  if (Status s = self->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-512"); !s)
    return s.error();

  // Migrate: refuse a newer schema, else run each pending step in its own
  // transaction together with its user_version bump.
  const int newest = static_cast<int>(migrations.size());
  const int current = self->schema_version();
  if (current < 0) return io_error(self->impl_->db, "cannot read schema version of " + path);
  if (current > newest) {
    return make_error(ErrorKind::kIo, "database schema version " + std::to_string(current) +
                                          " is newer than this gw (" + std::to_string(newest) + ")");
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    Status s = self->transaction([&]() -> Status {
      // Another process may have migrated while we waited for the write lock.
      if (self->schema_version() >= m.version) return ok_status();
      if (Status e = self->exec(m.sql); !e) return e;
      return self->exec("PRAGMA user_version=" + std::to_string(m.version));
    });
    if (!s) {
      return make_error(ErrorKind::kIo, "migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                                            ") failed: " + s.error().message);
    }
  }
  return self;
}

Database::Database() = default;
Database::~Database() = default;

Status Database::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);  // sqlite3_exec needs a NUL-terminated string
  if (sqlite3_exec(impl_->db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string detail = message ? message : sqlite3_errmsg(impl_->db);
    sqlite3_free(message);
    return make_error(ErrorKind::kIo, "sql failed: " + detail);
  }
  return ok_status();
}

namespace {

int bind_one(sqlite3_stmt* stmt, int index, std::nullptr_t) { return sqlite3_bind_null(stmt, index); }
int bind_one(sqlite3_stmt* stmt, int index, int64_t n) { return sqlite3_bind_int64(stmt, index, n); }
// SQLITE_STATIC: the text must stay put until the statement is reset, which
// every call does before returning.
int bind_one(sqlite3_stmt* stmt, int index, std::string_view text) {
  return sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}
int bind_one(sqlite3_stmt* stmt, int index, const std::string& text) {
  return bind_one(stmt, index, std::string_view(text));
}

// Binds `params` (SqlValue or SqlArg) to ?1, ?2, ... in order.
template <class Params>
Status bind_all(sqlite3* db, sqlite3_stmt* stmt, const Params& params) {
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
    return make_error(ErrorKind::kIo, "sql expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                                          " parameters, got " + std::to_string(params.size()));
  }
  int index = 0;
  for (const auto& param : params) {
    ++index;
    int rc = std::visit([&](const auto& v) { return bind_one(stmt, index, v); }, param);
    if (rc != SQLITE_OK) return io_error(db, "cannot bind parameter " + std::to_string(index));
  }
  return ok_status();
}

}  // namespace

// A cached statement with its parameters bound; reset and unbound when it
// goes, whatever happened.
class Database::Bound {
 public:
  explicit Bound(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Bound(Bound&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  Bound& operator=(Bound&&) = delete;
  ~Bound() {
    if (!stmt_) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

template <class Params>
Result<Database::Bound> Database::bound(std::string_view sql, const Params& params) {
  auto stmt = prepared(sql);
  if (!stmt) return stmt.error();
  Bound b(*stmt);
  if (auto st = bind_all(impl_->db, *stmt, params); !st) return st.error();
  return b;
}

Result<sqlite3_stmt*> Database::prepared(std::string_view sql) {
  if (sqlite3_stmt* stmt = impl_->find_recent(sql)) return stmt;
  if (auto it = impl_->statements.find(sql); it != impl_->statements.end()) {
    impl_->remember(sql, it->first, it->second);
    return it->second;
  }
  sqlite3* db = impl_->db;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, &tail) !=
      SQLITE_OK) {
    return io_error(db, "cannot prepare sql");
  }
  if (stmt == nullptr) return make_error(ErrorKind::kIo, "sql has no statement");
  for (const char* end = sql.data() + sql.size(); tail != nullptr && tail < end; ++tail) {
    if (*tail != ';' && *tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r') {
      sqlite3_finalize(stmt);
      return make_error(ErrorKind::kIo, "query takes exactly one statement");
    }
  }
  auto added = impl_->statements.emplace(std::string(sql), stmt).first;
  impl_->remember(sql, added->first, stmt);
  return stmt;
}

Result<std::vector<SqlRow>> Database::query(std::string_view sql, const std::vector<SqlValue>& params) {
  sqlite3* db = impl_->db;
  auto b = bound(sql, params);
  if (!b) return b.error();
  sqlite3_stmt* stmt = b->get();

  std::vector<SqlRow> rows;
  const int columns = sqlite3_column_count(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return io_error(db, "sql failed");
    SqlRow row;
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_NULL:
          row.emplace_back(nullptr);
          break;
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
          break;
        case SQLITE_BLOB: {
          const void* data = sqlite3_column_blob(stmt, c);
          row.emplace_back(std::string(static_cast<const char*>(data), sqlite3_column_bytes(stmt, c)));
          break;
        }
        default: {  // TEXT; REAL (unused by gw: money is fixed-point) arrives as its text form
          const unsigned char* text = sqlite3_column_text(stmt, c);
          row.emplace_back(std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt, c)));
          break;
        }
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<int64_t> Database::change(std::string_view sql, std::span<const SqlArg> args) {
  sqlite3* db = impl_->db;
  auto b = bound(sql, args);
  if (!b) return b.error();
  int rc;
  while ((rc = sqlite3_step(b->get())) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return io_error(db, "sql failed");
  return static_cast<int64_t>(sqlite3_changes64(db));
}

Status Database::transaction(const std::function<Status()>& fn) { return run_between("BEGIN IMMEDIATE", fn); }

Status Database::read_snapshot(const std::function<Status()>& fn) { return run_between("BEGIN DEFERRED", fn); }

Status Database::run_between(const char* begin, const std::function<Status()>& fn) {
  sqlite3* db = impl_->db;
  // BEGIN and COMMIT go through query() so their statements are prepared
  // once per connection, not on every transaction.
  if (auto begun = query(begin); !begun) return begun.error();
  auto rollback = [&] {
    if (sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  };
  Status body = ok_status();
  try {
    body = fn();
  } catch (const std::exception& e) {
    body = make_error(ErrorKind::kInternal, std::string("transaction body threw: ") + e.what());
  } catch (...) {
    body = make_error(ErrorKind::kInternal, "transaction body threw");
  }
  if (!body) {
    rollback();
    return body;
  }
  if (auto committed = query("COMMIT"); !committed) {
    rollback();
    return committed.error();
  }
  return ok_status();
}

int Database::schema_version() {
  auto rows = query("PRAGMA user_version");
  if (!rows || rows->empty() || rows->front().empty()) return -1;
  const int64_t* v = std::get_if<int64_t>(&rows->front().front());
  return v ? static_cast<int>(*v) : -1;
}

int64_t Database::last_insert_id() { return sqlite3_last_insert_rowid(impl_->db); }

int64_t Database::changes() { return sqlite3_changes64(impl_->db); }

}  // namespace gw
