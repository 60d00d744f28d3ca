// pg_database.cc - Database over libpq; the only file that includes
// libpq-fe.h. Contracts in pg_database.h.
#include "proxy/io/pg_database.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <unordered_map>

#include "proxy/io/fiber_io.h"

namespace gw {
namespace {

constexpr unsigned kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kTextOid = 25, kBoolOid = 16, kNumericOid = 1700;
constexpr int64_t kMigrationLock = 0x67770001;  // pg_advisory_xact_lock key while migrating

Error unreachable(PGconn* c, std::string_view what) {
  std::string detail = c ? PQerrorMessage(c) : "out of memory";
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  const bool down = !c || PQstatus(c) != CONNECTION_OK;
  return make_error(down ? ErrorKind::kUnavailable : ErrorKind::kIo,
                    std::string(down ? "database unreachable: " : "") + std::string(what) + ": " + detail);
}

using PgResult = std::unique_ptr<PGresult, void (*)(PGresult*)>;

// The URL with gw's bounds added where it names none: connect_timeout=2 (a
// dial, and a server that accepts but never answers the startup), TCP
// keepalives (a peer gone from the network), and statement_timeout (a
// statement or lock wait the server itself ends, for one instance's
// transaction stuck behind another's).
std::string with_defaults(const std::string& url) {
  std::string out = url;
  auto add = [&](std::string_view name, std::string_view value) {
    if (url.find(std::string(name) + "=") != std::string::npos) return;
    out += (out.find('?') == std::string::npos ? "?" : "&");
    out.append(name).append("=").append(value);
  };
  add("connect_timeout", "2");
  add("keepalives", "1");
  add("keepalives_idle", "5");
  add("keepalives_interval", "2");
  add("keepalives_count", "2");
  add("options", "-c%20statement_timeout%3D" + std::to_string(kPgStatementTimeoutMs));
  return out;
}

class PgDatabase : public Database {
 public:
  explicit PgDatabase(const std::string& url) : url_(with_defaults(url)) { path_ = url; }
  ~PgDatabase() override {
    if (conn_) PQfinish(conn_);
  }

  Status connect() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) return ok_status();
    if (!redial_) return not_redialled();
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdb(url_.c_str());
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return unreachable(conn_, "cannot connect");
    // Notices (e.g. "relation already exists, skipping") are not gw's output.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    in_transaction_ = false;
    return ok_status();
  }

  Status exec(std::string_view sql) override {
    if (!in_transaction_)
      if (auto st = connect(); !st) return st;
    if (!conn_) return lost();
    if (!PQsendQuery(conn_, std::string(sql).c_str())) return unreachable(conn_, "sql failed");
    auto r = await_result();
    if (!r) return r.error();
    const auto status = PQresultStatus(r->get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return unreachable(conn_, "sql failed");
    return ok_status();
  }

  Result<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params) override {
    std::vector<Param> ps;
    for (const SqlValue& v : params) ps.push_back(param_of(v));
    return run(sql, ps);
  }

  Result<int64_t> change(std::string_view sql, std::span<const SqlArg> args) override {
    std::vector<Param> ps;
    for (const SqlArg& v : args) ps.push_back(param_of(v));
    auto rows = run(sql, ps);
    if (!rows) return rows.error();
    return changes_;
  }

  Status transaction(const std::function<Status()>& fn) override { return between("BEGIN", fn); }
  Status read_snapshot(const std::function<Status()>& fn) override {
    return between("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  int schema_version() override {
    auto rows = query("SELECT coalesce(max(version), 0) FROM gw_schema", {});
    if (!rows || rows->empty()) return -1;
    return static_cast<int>(sql_integer(rows->front().front()));
  }
  int64_t last_insert_id() override {
    auto rows = query("SELECT lastval()", {});
    return rows && !rows->empty() ? sql_integer(rows->front().front()) : 0;
  }
  int64_t changes() override { return changes_; }
  bool shared() const override { return true; }
  void set_redial(bool on) override { redial_ = on; }

  Status migrate(const std::vector<Migration>& migrations) {
    if (auto st = exec("CREATE TABLE IF NOT EXISTS gw_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"); !st)
      return st;
    // Every new connection runs this (the holds' pool opens many): an
    // up-to-date schema costs these two statements, not a locked
    // transaction per migration.
    const int current = schema_version();
    for (const Migration& m : migrations) {
      if (current >= m.version) continue;
      Status s = transaction([&]() -> Status {
        if (auto locked = query("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")", {}); !locked)
          return locked.error();
        if (schema_version() >= m.version) return ok_status();  // another instance ran it
        if (auto e = exec(m.sql); !e) return e;
        auto done =
            query("INSERT INTO gw_schema (version, name) VALUES (?1, ?2)", {int64_t{m.version}, std::string(m.name)});
        if (!done) return done.error();
        return ok_status();
      });
      if (!s)
        return make_error(s.error().kind, "migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                                              ") failed: " + s.error().message);
    }
    return ok_status();
  }

 private:
  struct Param {
    bool null = false;
    unsigned oid = 0;
    std::string text;
  };
  static Param param_of(const SqlValue& v) {
    if (const auto* n = std::get_if<int64_t>(&v)) return {false, kInt8Oid, std::to_string(*n)};
    if (const auto* s = std::get_if<std::string>(&v)) return {false, kTextOid, *s};
    return {true, 0, {}};
  }
  static Param param_of(const SqlArg& v) {
    if (const auto* n = std::get_if<int64_t>(&v)) return {false, kInt8Oid, std::to_string(*n)};
    if (const auto* s = std::get_if<std::string_view>(&v)) return {false, kTextOid, std::string(*s)};
    return {true, 0, {}};
  }

  // gw's statements are few and short, and translated once each; a long
  // one (a multi-row batch, row_batch_sql.h: one text per row count) is
  // translated every time rather than kept.
  const std::string& translated(std::string_view sql) {
    constexpr size_t kLongestKept = 4096;
    if (sql.size() > kLongestKept) return long_translation_ = translate_sql_for_postgres(sql);
    auto it = translations_.find(std::string(sql));
    if (it == translations_.end()) it = translations_.emplace(sql, translate_sql_for_postgres(sql)).first;
    return it->second;
  }

  Result<std::vector<SqlRow>> run(std::string_view sql, const std::vector<Param>& params) {
    if (!in_transaction_)
      if (auto st = connect(); !st) return st.error();
    std::vector<unsigned> oids;
    std::vector<const char*> values;
    for (const Param& p : params) {
      oids.push_back(p.oid);
      values.push_back(p.null ? nullptr : p.text.c_str());
    }
    auto attempt = [&]() -> Result<PgResult> {
      if (!conn_) return lost();
      if (!PQsendQueryParams(conn_, translated(sql).c_str(), static_cast<int>(params.size()), oids.data(),
                             values.data(), nullptr, nullptr, 0))
        return PgResult(nullptr, PQclear);  // the connection is gone: status below
      return await_result();
    };
    auto answer = attempt();
    if (!answer) return answer.error();  // no answer in time: the connection is dropped, never retried
    PgResult r = std::move(*answer);
    auto status = PQresultStatus(r.get());
    // A connection the server dropped (a restart) is noticed only by the
    // statement that meets it: outside a transaction, dial again and run
    // the statement once more.
    const bool lost = status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !in_transaction_ &&
                      PQstatus(conn_) == CONNECTION_BAD;
    if (lost && !redial_) return not_redialled();
    if (lost && connect()) {
      answer = attempt();
      if (!answer) return answer.error();
      r = std::move(*answer);
      status = PQresultStatus(r.get());
    }
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return unreachable(conn_, "sql failed");
    const char* affected = PQcmdTuples(r.get());
    changes_ = affected && *affected ? std::strtoll(affected, nullptr, 10) : 0;
    std::vector<SqlRow> rows;
    const int n = PQntuples(r.get()), columns = PQnfields(r.get());
    for (int i = 0; i < n; ++i) {
      SqlRow row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(r.get(), i, c)) {
          row.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(r.get(), i, c);
        const int len = PQgetlength(r.get(), i, c);
        const unsigned type = PQftype(r.get(), c);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid || type == kNumericOid) {
          int64_t v = 0;
          std::from_chars(text, text + len, v);
          row.emplace_back(v);
        } else if (type == kBoolOid) {
          row.emplace_back(int64_t{text[0] == 't' ? 1 : 0});
        } else {
          row.emplace_back(std::string(text, len));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  // A statement's answer, waited for at most kPgAnswerTimeoutMs (through
  // the fiber loop when called in a fiber): a server
  // that stopped answering (hung, SIGSTOPped: neither statement_timeout nor
  // keepalives notice it) costs the caller that long, and then the
  // connection is dropped (the next call dials again) and the call fails
  // with kUnavailable. Like PQexec: the first error result, else the last.
  Result<PgResult> await_result() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kPgAnswerTimeoutMs);
    auto wait_for = [&](short events) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      // In a fiber the loop serves others meanwhile; elsewhere, poll().
      return wait_for_fd(PQsocket(conn_), events, deadline) > 0;
    };
    // A broken connection gives a null result (PQexec's "fatal error"),
    // which the callers' re-dial handles; only silence is an error here.
    int flushed;
    while ((flushed = PQflush(conn_)) == 1) {
      if (!wait_for(POLLOUT | POLLIN)) return no_answer();
      if (!PQconsumeInput(conn_)) return PgResult(nullptr, PQclear);
    }
    if (flushed < 0) return PgResult(nullptr, PQclear);
    PgResult kept(nullptr, PQclear);
    for (;;) {
      while (PQisBusy(conn_)) {
        if (!wait_for(POLLIN)) return no_answer();
        if (!PQconsumeInput(conn_)) return PgResult(nullptr, PQclear);
      }
      PGresult* next = PQgetResult(conn_);
      if (!next) break;
      if (kept && PQresultStatus(kept.get()) == PGRES_FATAL_ERROR) {
        PQclear(next);  // the first error stands
      } else {
        kept.reset(next);
      }
    }
    return kept;
  }
  Error no_answer() {
    PQfinish(conn_);
    conn_ = nullptr;
    return make_error(ErrorKind::kUnavailable,
                      "database unreachable: no answer within " + std::to_string(kPgAnswerTimeoutMs) + " ms");
  }
  // set_redial(false) and the connection is gone: code "connection_lost",
  // so that the caller may try again where a dial does not block.
  static Error not_redialled() {
    return make_error(ErrorKind::kUnavailable, "database unreachable: the connection was lost (not re-dialled here)",
                      "connection_lost");
  }
  static Error lost() {
    return make_error(ErrorKind::kUnavailable, "database unreachable: the connection was lost in a transaction");
  }

  Status between(const char* begin, const std::function<Status()>& fn) {
    if (auto st = exec(begin); !st) return st;
    in_transaction_ = true;
    Status body = ok_status();
    try {
      body = fn();
    } catch (const std::exception& e) {
      body = make_error(ErrorKind::kInternal, std::string("transaction body threw: ") + e.what());
    }
    // Still "in the transaction" for COMMIT: a connection lost meanwhile
    // must fail it, never re-dial and commit nothing.
    Status end = body ? exec("COMMIT") : body;
    if (!end) (void)exec("ROLLBACK");
    in_transaction_ = false;
    return end;
  }

  const std::string url_;
  PGconn* conn_ = nullptr;
  bool in_transaction_ = false;  // no re-dial inside a transaction: its work would be lost silently
  bool redial_ = true;           // set_redial()
  int64_t changes_ = 0;
  std::unordered_map<std::string, std::string> translations_;
  std::string long_translation_;  // the last statement too long to keep (translated())
};

}  // namespace

std::string translate_sql_for_postgres(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 32);
  bool ignore = false;
  constexpr std::string_view kOrIgnore = "INSERT OR IGNORE INTO";
  if (sql.substr(0, kOrIgnore.size()) == kOrIgnore) {
    ignore = true;
    out += "INSERT INTO";
    sql.remove_prefix(kOrIgnore.size());
  }
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;
    out +=
        (c == '?' && !quoted && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) ? '$' : c;
  }
  if (ignore) {
    while (!out.empty() && (out.back() == ';' || out.back() == ' ' || out.back() == '\n')) out.pop_back();
    // PostgreSQL wants the conflict clause before RETURNING (SQLite takes
    // INSERT OR IGNORE ... RETURNING as it is).
    constexpr std::string_view kReturning = " RETURNING ";
    const size_t returning = out.rfind(kReturning);
    out.insert(returning == std::string::npos ? out.size() : returning, " ON CONFLICT DO NOTHING");
  }
  if (out == "BEGIN IMMEDIATE" || out == "BEGIN DEFERRED") out = "BEGIN";
  return out;
}

Result<std::unique_ptr<Database>> open_postgres(const std::string& url) {
  auto db = std::make_unique<PgDatabase>(url);
  if (auto st = db->connect(); !st) return st.error();
  if (auto st = db->migrate(pg_schema_migrations()); !st) return st.error();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace gw
