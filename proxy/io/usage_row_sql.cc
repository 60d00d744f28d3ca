// usage_row_sql.cc - contracts in usage_row_sql.h.
#include "proxy/io/usage_row_sql.h"

#include <algorithm>
#include <set>
#include <string>

#include "proxy/io/row_batch_sql.h"

namespace gw {
namespace {

constexpr std::string_view kColumns =
    "request_id, created_ms, key_id, user_id, route, model, provider, status, prompt_tokens, completion_tokens, "
    "cached_tokens, reasoning_tokens, usage_estimated, cost_units, latency_ms, overhead_us, attempts, stream, "
    "saved_units, router, route_decision, trace_id, failover";

SqlValue owned(const SqlArg& a) {
  if (const auto* n = std::get_if<int64_t>(&a)) return *n;
  if (const auto* s = std::get_if<std::string_view>(&a)) return std::string(*s);
  return nullptr;
}

}  // namespace

const std::string& insert_usage_row_sql() {
  static const std::string kSql =
      "INSERT OR IGNORE INTO usage_log (" + std::string(kColumns) + ") VALUES " + sql_value_rows(kUsageColumns, 1);
  return kSql;
}

std::array<SqlArg, kUsageColumns> usage_row_args(const UsageRecord& r) {
  return {r.request_id,
          r.created_ms,
          sql_arg_or_null(r.key_id),
          sql_arg_or_null(r.user_id),
          r.route,
          r.model,
          r.provider,
          int64_t{r.status},
          r.usage.prompt_tokens,
          r.usage.completion_tokens,
          r.usage.cached_tokens,
          r.usage.reasoning_tokens,
          int64_t{r.usage.estimated ? 1 : 0},
          r.cost.units(),
          r.latency_ms,
          r.overhead_us,
          int64_t{r.attempts},
          int64_t{r.stream ? 1 : 0},
          r.saved.units(),
          sql_arg_or_null(r.router),
          sql_arg_or_null(r.route_decision),
          sql_arg_or_null(r.trace_id),
          sql_arg_or_null(r.failover)};
}

RollupInput rollup_input(const UsageRecord& r) {
  RollupInput in;
  in.created_ms = r.created_ms;
  in.model = r.model;
  in.provider = r.provider;
  in.user_id = r.user_id;
  in.key_id = r.key_id;
  in.router = r.router;
  in.status = r.status;
  in.prompt_tokens = r.usage.prompt_tokens;
  in.completion_tokens = r.usage.completion_tokens;
  in.cost_units = r.cost.units();
  in.saved_units = r.saved.units();
  in.latency_ms = r.latency_ms;
  in.overhead_us = r.overhead_us;
  return in;
}

Status insert_usage_bodies(Database& db, const UsageRecord& r) {
  const std::array<SqlArg, 4> args = {std::string_view(r.request_id), r.created_ms, std::string_view(r.request_body),
                                      std::string_view(r.response_body)};
  auto stored = db.change(
      "INSERT OR IGNORE INTO usage_bodies (request_id, created_ms, request, response) VALUES (?1, ?2, ?3, ?4)", args);
  if (!stored) return stored.error();
  return ok_status();
}

Result<std::vector<const UsageRecord*>> insert_usage_rows(Database& db, std::span<const UsageRecord* const> records) {
  // A request_id twice in one statement: only its first record is sent.
  std::vector<const UsageRecord*> unique;
  std::set<std::string_view> seen;
  for (const UsageRecord* r : records)
    if (seen.insert(r->request_id).second) unique.push_back(r);
  std::vector<const UsageRecord*> inserted;
  for (size_t start = 0; start < unique.size(); start += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, unique.size() - start);
    std::vector<SqlValue> params;
    params.reserve(n * kUsageColumns);
    for (size_t i = 0; i < n; ++i)
      for (const SqlArg& a : usage_row_args(*unique[start + i])) params.push_back(owned(a));
    auto rows = db.query("INSERT OR IGNORE INTO usage_log (" + std::string(kColumns) + ") VALUES " +
                             sql_value_rows(kUsageColumns, n) + " RETURNING request_id",
                         params);
    if (!rows) return rows.error();
    std::set<std::string, std::less<>> now;
    for (const SqlRow& row : *rows) now.insert(sql_text(row.at(0)));
    for (size_t i = 0; i < n; ++i)
      if (now.count(unique[start + i]->request_id)) inserted.push_back(unique[start + i]);
  }
  return inserted;
}

}  // namespace gw
