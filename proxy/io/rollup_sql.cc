// rollup_sql.cc - contracts in rollup_sql.h.
#include "proxy/io/rollup_sql.h"

#include <array>

namespace gw {
namespace {

// Migration 9 names the columns h0..h23.
static_assert(kLatencyBuckets == 24, "usage_rollup has 24 histogram columns; new bounds need a new migration");

constexpr size_t kSumColumns = 9;
constexpr size_t kArgs = 4 + kSumColumns + kLatencyBuckets;

std::string build_upsert_sql() {
  std::string sql =
      "INSERT INTO usage_rollup (grain_ms, dim, bucket_ms, value, requests, errors, prompt_tokens, "
      "completion_tokens, cost_units, saved_units, cache_hits, latency_ms, overhead_us, " +
      rollup_histogram_columns() + ") VALUES (";
  for (size_t i = 1; i <= kArgs; ++i) sql += (i > 1 ? ", ?" : "?") + std::to_string(i);
  sql += ") ON CONFLICT (grain_ms, dim, bucket_ms, value) DO UPDATE SET ";
  const char* sums[] = {"requests",    "errors",     "prompt_tokens", "completion_tokens", "cost_units",
                        "saved_units", "cache_hits", "latency_ms",    "overhead_us"};
  std::string sets;
  for (const char* c : sums) sets += std::string(sets.empty() ? "" : ", ") + c + " = " + c + " + excluded." + c;
  for (size_t i = 0; i < kLatencyBuckets; ++i) {
    std::string h = "h" + std::to_string(i);
    sets += ", " + h + " = " + h + " + excluded." + h;
  }
  return sql + sets;
}

const std::string& upsert_sql() {
  static const std::string kSql = build_upsert_sql();
  return kSql;
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
  for (const auto& [key, sums] : batch.cells()) {
    std::array<SqlArg, kArgs> args;
    args[0] = key.grain_ms;
    args[1] = rollup_dim_name(key.dim);
    args[2] = key.bucket_ms;
    args[3] = std::string_view(key.value);
    const int64_t values[kSumColumns] = {sums.requests,          sums.errors,     sums.prompt_tokens,
                                         sums.completion_tokens, sums.cost_units, sums.saved_units,
                                         sums.cache_hits,        sums.latency_ms, sums.overhead_us};
    for (size_t i = 0; i < kSumColumns; ++i) args[4 + i] = values[i];
    for (size_t i = 0; i < kLatencyBuckets; ++i) args[4 + kSumColumns + i] = sums.latency[i];
    if (auto changed = db.change(upsert_sql(), args); !changed) return changed.error();
  }
  return ok_status();
}

Status prune_minute_rollups(Database& db, int64_t now_ms) {
  const std::array<SqlArg, 2> args = {kMinuteMs, now_ms - kMinuteRollupKeepMs};
  auto deleted = db.change("DELETE FROM usage_rollup WHERE grain_ms = ?1 AND bucket_ms < ?2", args);
  if (!deleted) return deleted.error();
  return ok_status();
}

std::string rollup_backfill_sql() {
  std::string hist;
  for (size_t i = 0; i < kLatencyBuckets; ++i) hist += ", sum(" + bucket_condition(i) + ")";
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
      std::string where = std::string(dim) == "route" ? "router IS NOT NULL" : "1";
      if (grain == kMinuteMs)
        where +=
            " AND created_ms >= CAST(strftime('%s', 'now') AS INTEGER) * 1000 - " + std::to_string(kMinuteRollupKeepMs);
      sql +=
          "INSERT INTO usage_rollup (grain_ms, dim, bucket_ms, value, requests, errors, prompt_tokens, "
          "completion_tokens, cost_units, saved_units, cache_hits, latency_ms, overhead_us, " +
          rollup_histogram_columns() + ") SELECT " + g + ", '" + dim + "', (created_ms / " + g + ") * " + g +
          " AS b, " + value +
          " AS v, count(*), sum(status < 200 OR status >= 300), sum(prompt_tokens), sum(completion_tokens), "
          "sum(cost_units), sum(saved_units), sum(provider = 'cache'), sum(latency_ms), sum(overhead_us)" +
          hist + " FROM usage_log WHERE " + where + " GROUP BY b, v;\n";
    }
  }
  return sql;
}

}  // namespace gw
