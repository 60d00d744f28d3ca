// rollup_sql.cc - contracts in rollup_sql.h.
#include "proxy/io/rollup_sql.h"

#include <array>
#include <vector>

#include "proxy/io/row_batch_sql.h"

namespace gw {
namespace {

// Migration 9 names the columns h0..h23.
static_assert(kLatencyBuckets == 24, "usage_rollup has 24 histogram columns; new bounds need a new migration");

constexpr size_t kSumColumns = 9;
constexpr size_t kArgs = 4 + kSumColumns + kLatencyBuckets;

// The upsert of `rows` cells: each adds its sums into its row, or
// inserts it (a batch's cells are distinct, so one statement may carry
// many). The existing row's columns are named with the table's name, as
// PostgreSQL needs (SQLite takes it too).
std::string upsert_sql(size_t rows) {
  std::string sql =
      "INSERT INTO usage_rollup (grain_ms, dim, bucket_ms, value, requests, errors, prompt_tokens, "
      "completion_tokens, cost_units, saved_units, cache_hits, latency_ms, overhead_us, " +
      rollup_histogram_columns() + ") VALUES " + sql_value_rows(kArgs, rows) +
      " ON CONFLICT (grain_ms, dim, bucket_ms, value) DO UPDATE SET ";
  const char* sums[] = {"requests",    "errors",     "prompt_tokens", "completion_tokens", "cost_units",
                        "saved_units", "cache_hits", "latency_ms",    "overhead_us"};
  std::string sets;
  auto add = [&](const std::string& c) {
    sets += (sets.empty() ? "" : ", ") + c + " = usage_rollup." + c + " + excluded." + c;
  };
  for (const char* c : sums) add(c);
  for (size_t i = 0; i < kLatencyBuckets; ++i) add("h" + std::to_string(i));
  return sql + sets;
}

// The histogram bucket a latency falls in, as an SQL condition on latency_ms.
std::string bucket_condition(size_t i) {
  if (i == 0) return "latency_ms <= " + std::to_string(kLatencyBoundsMs[0]);
  std::string above = "latency_ms > " + std::to_string(kLatencyBoundsMs[i - 1]);
  if (i == kLatencyBoundsMs.size()) return above;
  return above + " AND latency_ms <= " + std::to_string(kLatencyBoundsMs[i]);
}

}  // namespace

std::string rollup_histogram_columns(std::string_view prefix, std::string_view suffix) {
  std::string out;
  for (size_t i = 0; i < kLatencyBuckets; ++i)
    out += (i ? ", " : "") + std::string(prefix) + "h" + std::to_string(i) + std::string(suffix);
  return out;
}

Status write_rollups(Database& db, const RollupBatch& batch) {
  // SQLite has no round trip to save, and keeps a prepared statement per
  // text: one cell per statement there.
  const size_t per_statement = db.shared() ? kRowsPerStatement : 1;
  std::vector<SqlArg> args;
  size_t rows = 0;
  auto flush = [&]() -> Status {
    if (rows == 0) return ok_status();
    static const std::string kOneCell = upsert_sql(1);  // SQLite's, run per cell: built once
    const std::string many = rows == 1 ? std::string() : upsert_sql(rows);
    auto changed = db.change(rows == 1 ? std::string_view(kOneCell) : std::string_view(many), args);
    args.clear();
    rows = 0;
    if (!changed) return changed.error();
    return ok_status();
  };
  for (const auto& [key, sums] : batch.cells()) {
    args.push_back(key.grain_ms);
    args.push_back(rollup_dim_name(key.dim));
    args.push_back(key.bucket_ms);
    args.push_back(std::string_view(key.value));
    const int64_t values[kSumColumns] = {sums.requests,          sums.errors,     sums.prompt_tokens,
                                         sums.completion_tokens, sums.cost_units, sums.saved_units,
                                         sums.cache_hits,        sums.latency_ms, sums.overhead_us};
    for (int64_t v : values) args.push_back(v);
    for (size_t i = 0; i < kLatencyBuckets; ++i) args.push_back(sums.latency[i]);
    if (++rows == per_statement)
      if (auto st = flush(); !st) return st;
  }
  return flush();
}

Status prune_minute_rollups(Database& db, int64_t now_ms) {
  const std::array<SqlArg, 2> args = {kMinuteMs, now_ms - kMinuteRollupKeepMs};
  auto deleted = db.change("DELETE FROM usage_rollup WHERE grain_ms = ?1 AND bucket_ms < ?2", args);
  if (!deleted) return deleted.error();
  return ok_status();
}

std::string rollup_backfill_sql(bool postgres) {
  // A count of the rows where `cond` holds: SQLite sums its 0/1 truth
  // values; PostgreSQL has no sum of booleans.
  auto count_if = [&](const std::string& cond) {
    return postgres ? "sum(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" : "sum(" + cond + ")";
  };
  const std::string now_ms =
      postgres ? "CAST(extract(epoch FROM now()) AS BIGINT) * 1000" : "CAST(strftime('%s', 'now') AS INTEGER) * 1000";
  std::string hist;
  for (size_t i = 0; i < kLatencyBuckets; ++i) hist += ", " + count_if(bucket_condition(i));
  const std::pair<const char*, const char*> dims[] = {
      {"total", "''"},
      {"model", "model"},
      {"provider", "provider"},
      {"user", "coalesce(user_id, '(owner)')"},
      {"key", "coalesce(key_id, '(no key)')"},
      {"route", "router || ' -> ' || model"},
  };
  std::string sql;
  for (int64_t grain : kRollupGrains) {
    const std::string g = std::to_string(grain);
    for (const auto& [dim, value] : dims) {
      std::string where = std::string(dim) == "route" ? "router IS NOT NULL" : (postgres ? "true" : "1");
      if (grain == kMinuteMs) where += " AND created_ms >= " + now_ms + " - " + std::to_string(kMinuteRollupKeepMs);
      sql +=
          "INSERT INTO usage_rollup (grain_ms, dim, bucket_ms, value, requests, errors, prompt_tokens, "
          "completion_tokens, cost_units, saved_units, cache_hits, latency_ms, overhead_us, " +
          rollup_histogram_columns() + ") SELECT " + g + ", '" + dim + "', (created_ms / " + g + ") * " + g +
          " AS b, " + value + " AS v, count(*), " + count_if("status < 200 OR status >= 300") +
          ", sum(prompt_tokens), sum(completion_tokens), sum(cost_units), sum(saved_units), " +
          count_if("provider = 'cache'") + ", sum(latency_ms), sum(overhead_us)" + hist + " FROM usage_log WHERE " +
          where + " GROUP BY b, v;\n";
    }
  }
  return sql;
}

}  // namespace gw
