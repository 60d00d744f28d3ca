// usage_row_sql_test.cc - the multi-row statements the usage writer sends
// to a shared database (proxy/io/usage_row_sql.h, rollup_sql.h), run on an
// in-memory SQLite, which takes the same SQL: a resubmitted request id is
// stored and counted once, whatever the statement it falls in, and cells
// added many to a statement sum as they do one by one.
#include "proxy/io/usage_row_sql.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "proxy/io/rollup_sql.h"
#include "proxy/io/row_batch_sql.h"
#include "tests/support/memory_db.h"

namespace gw {
namespace {

// An SQLite connection that says it is shared: the writer's SQL for
// PostgreSQL (one statement per many rows), minus the server.
class SharedSqlite : public Database {
 public:
  explicit SharedSqlite(Database& db) : db_(db) {}
  bool shared() const override { return true; }
  Result<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params) override {
    return db_.query(sql, params);
  }
  Result<int64_t> change(std::string_view sql, std::span<const SqlArg> args) override {
    ++statements;
    return db_.change(sql, args);
  }
  int statements = 0;

 private:
  Database& db_;
};

std::vector<UsageRecord> records(int first, int count) {
  std::vector<UsageRecord> out;
  for (int i = first; i < first + count; ++i) {
    UsageRecord r;
    r.request_id = "req-" + std::to_string(i);
    r.created_ms = 1'700'000'000'000 + i * 61'000LL;  // a minute of its own each
    r.user_id = "user-" + std::to_string(i % 7);
    r.route = "/v1/chat/completions";
    r.model = "model-" + std::to_string(i % 11);
    r.provider = "mock";
    r.status = i % 13 == 0 ? 500 : 200;
    r.usage.prompt_tokens = i;
    r.cost = Money::from_units(1'000'003LL * i);
    r.latency_ms = i % 900;
    out.push_back(r);
  }
  return out;
}

std::vector<const UsageRecord*> pointers(const std::vector<UsageRecord>& rs) {
  std::vector<const UsageRecord*> out;
  for (const UsageRecord& r : rs) out.push_back(&r);
  return out;
}

int64_t count(Database& db, const std::string& sql) {
  auto rows = db.query(sql);
  REQUIRE(rows.ok());
  return sql_integer(rows->at(0).at(0));
}

std::vector<SqlRow> rollup_rows(Database& db, int64_t grain) {
  auto rows = db.query("SELECT dim, bucket_ms, value, requests, errors, prompt_tokens, cost_units, latency_ms, " +
                           rollup_histogram_columns() + " FROM usage_rollup WHERE grain_ms = ?1 ORDER BY 1, 2, 3",
                       {grain});
  REQUIRE(rows.ok());
  return *rows;
}

}  // namespace

TEST_CASE("multi-row usage insert: every record stored once; only the ones new now come back, in order") {
  auto db = memory_db();
  const auto earlier = records(0, 50);
  auto first = insert_usage_rows(*db, pointers(earlier));
  REQUIRE(first.ok());
  CHECK(first->size() == 50);
  // 450 records (three statements), the first 50 already stored, one id twice.
  auto batch = records(0, 450);
  batch.push_back(batch[120]);
  auto now = insert_usage_rows(*db, pointers(batch));
  REQUIRE(now.ok());
  REQUIRE(now->size() == 400);
  CHECK(now->front()->request_id == "req-50");
  CHECK(now->back()->request_id == "req-449");
  CHECK(now->at(70) == &batch[120]);  // the first of the repeated id
  CHECK(count(*db, "SELECT count(*) FROM usage_log") == 450);
  CHECK(count(*db, "SELECT sum(cost_units) FROM usage_log WHERE request_id = 'req-120'") == 120'000'360);
}

TEST_CASE("multi-row rollup upsert (a shared database's) sums as a rebuild from usage_log does") {
  auto db = memory_db();
  SharedSqlite shared(*db);
  const auto all = records(0, 300);
  // Two batches: the second adds into rows the first created.
  for (auto [from, to] : {std::pair<size_t, size_t>{0, 180}, {180, 300}}) {
    std::vector<UsageRecord> part(all.begin() + from, all.begin() + to);
    auto inserted = insert_usage_rows(shared, pointers(part));
    REQUIRE(inserted.ok());
    RollupBatch batch;
    for (const UsageRecord* r : *inserted) batch.add(rollup_input(*r));
    REQUIRE(batch.cells().size() > kRowsPerStatement);  // more than one statement
    const int before = shared.statements;
    REQUIRE(write_rollups(shared, batch));
    CHECK(static_cast<size_t>(shared.statements - before) ==
          (batch.cells().size() + kRowsPerStatement - 1) / kRowsPerStatement);
  }
  const auto hours = rollup_rows(*db, kHourMs), days = rollup_rows(*db, kDayMs);
  CHECK(hours.size() > 50);
  REQUIRE(db->exec("DELETE FROM usage_rollup"));
  REQUIRE(db->exec(rollup_backfill_sql()));
  CHECK(rollup_rows(*db, kHourMs) == hours);
  CHECK(rollup_rows(*db, kDayMs) == days);
}

}  // namespace gw
