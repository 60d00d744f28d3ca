// overview_report.cc - contracts in overview_report.h.
#include "proxy/dashboard/overview_report.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>

#include "core/base/money.h"
#include "core/dashboard/csv_field.h"
#include "proxy/io/rollup_sql.h"

namespace gw {
namespace {

using nlohmann::json;

// The columns after the first (bucket or value), in RollupSums' order.
std::string sum_columns(bool summed) {
  const char* names[] = {"requests",    "errors",     "prompt_tokens", "completion_tokens", "cost_units",
                         "saved_units", "cache_hits", "latency_ms",    "overhead_us"};
  std::string out;
  for (const char* n : names) out += summed ? std::string(", sum(") + n + ")" : std::string(", ") + n;
  return out + ", " + (summed ? rollup_histogram_columns("sum(", ")") : rollup_histogram_columns());
}

RollupSums sums_from(const SqlRow& r) {
  RollupSums s;
  int64_t* fields[] = {&s.requests,    &s.errors,     &s.prompt_tokens, &s.completion_tokens, &s.cost_units,
                       &s.saved_units, &s.cache_hits, &s.latency_ms,    &s.overhead_us};
  size_t col = 1;
  for (int64_t* f : fields) *f = sql_integer(r[col++]);
  for (size_t i = 0; i < kLatencyBuckets; ++i) s.latency[i] = sql_integer(r[col++]);
  return s;
}

// Milliseconds to one decimal, or null when nothing was counted.
json millis(double ms) {
  if (ms < 0) return nullptr;
  return std::round(ms * 10.0) / 10.0;
}

// Display names: users by name, keys by their name and display prefix.
std::map<std::string, std::string> labels_for(Database& db, RollupDim dim) {
  std::map<std::string, std::string> out;
  Result<std::vector<SqlRow>> rows = std::vector<SqlRow>{};
  if (dim == RollupDim::kUser) rows = db.query("SELECT id, name FROM users");
  else if (dim == RollupDim::kKey) rows = db.query("SELECT id, name || ' (' || display || ')' FROM api_keys");
  if (rows)
    for (const SqlRow& r : *rows) out[sql_text(r[0])] = sql_text(r[1]);
  return out;
}

}  // namespace

json rollup_sums_json(const RollupSums& s) {
  const double rate = s.requests > 0 ? static_cast<double>(s.errors) / static_cast<double>(s.requests) : 0.0;
  return {{"requests", s.requests},
          {"errors", s.errors},
          {"error_rate", std::round(rate * 10000.0) / 10000.0},
          {"prompt_tokens", s.prompt_tokens},
          {"completion_tokens", s.completion_tokens},
          {"tokens", s.prompt_tokens + s.completion_tokens},
          {"cost_usd", Money::from_units(s.cost_units).to_string()},
          {"saved_usd", Money::from_units(s.saved_units).to_string()},
          {"cache_hits", s.cache_hits},
          {"p50_ms", millis(latency_quantile(s.latency, 0.5))},
          {"p99_ms", millis(latency_quantile(s.latency, 0.99))},
          {"mean_latency_ms", s.requests > 0 ? millis(static_cast<double>(s.latency_ms) / s.requests) : json(nullptr)},
          {"mean_overhead_us", s.requests > 0 ? json(s.overhead_us / s.requests) : json(nullptr)}};
}

Result<json> overview_report(Database& db, const OverviewQuery& q) {
  const DashboardWindow& w = q.window;
  const int64_t start = window_start_ms(w, q.now_ms);
  json out = {{"window", w.name},
              {"grain_ms", w.grain_ms},
              {"start_ms", start},
              {"end_ms", start + w.buckets * w.grain_ms},
              {"by", q.by ? json(rollup_dim_name(*q.by)) : json(nullptr)}};
  Status st = db.read_snapshot([&]() -> Status {
    auto points = db.query("SELECT bucket_ms" + sum_columns(false) +
                               " FROM usage_rollup WHERE grain_ms = ?1 AND dim = 'total' AND bucket_ms >= ?2 "
                               "ORDER BY bucket_ms",
                           {w.grain_ms, start});
    if (!points) return points.error();
    std::map<int64_t, RollupSums> by_bucket;
    RollupSums total;
    for (const SqlRow& r : *points) {
      RollupSums s = sums_from(r);
      total.add(s);
      by_bucket[sql_integer(r[0])] = s;
    }
    out["totals"] = rollup_sums_json(total);
    json series = json::array();
    for (int i = 0; i < w.buckets; ++i) {
      const int64_t t = start + i * w.grain_ms;
      auto it = by_bucket.find(t);
      const RollupSums s = it == by_bucket.end() ? RollupSums{} : it->second;
      series.push_back({{"t", t},
                        {"requests", s.requests},
                        {"errors", s.errors},
                        {"tokens", s.prompt_tokens + s.completion_tokens},
                        {"cost_usd", Money::from_units(s.cost_units).to_string()},
                        {"p50_ms", millis(latency_quantile(s.latency, 0.5))},
                        {"p99_ms", millis(latency_quantile(s.latency, 0.99))}});
    }
    out["series"] = std::move(series);
    out["rows"] = json::array();
    if (!q.by) return ok_status();
    // Hour windows (24 h, 7 d) read whole days from day rows and only the
    // hours before the first midnight from hour rows: the same sums from
    // up to 7x fewer rows. (Today's day row holds only today so far.) The
    // subquery is named: PostgreSQL before 16 requires it.
    const int64_t edge = w.grain_ms == kHourMs ? (start + kDayMs - 1) / kDayMs * kDayMs : INT64_MAX;
    const std::string part = "SELECT value" + sum_columns(false) + " FROM usage_rollup WHERE ";
    auto rows = db.query("SELECT value" + sum_columns(true) + " FROM (" + part +
                             "grain_ms = ?1 AND dim = ?2 AND bucket_ms >= ?3 AND bucket_ms < ?4 UNION ALL " + part +
                             "grain_ms = ?5 AND dim = ?2 AND bucket_ms >= ?4) AS cells GROUP BY value",
                         {w.grain_ms, std::string(rollup_dim_name(*q.by)), start, edge, kDayMs});
    if (!rows) return rows.error();
    std::vector<std::pair<std::string, RollupSums>> found;
    for (const SqlRow& r : *rows) found.emplace_back(sql_text(r[0]), sums_from(r));
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      if (a.second.cost_units != b.second.cost_units) return a.second.cost_units > b.second.cost_units;
      if (a.second.requests != b.second.requests) return a.second.requests > b.second.requests;
      return a.first < b.first;
    });
    const auto labels = labels_for(db, *q.by);
    for (const auto& [key, sums] : found) {
      json row = rollup_sums_json(sums);
      auto label = labels.find(key);
      row["key"] = key;
      row["label"] = label == labels.end() ? key : label->second;
      out["rows"].push_back(std::move(row));
    }
    return ok_status();
  });
  if (!st) return st.error();
  return out;
}

std::string overview_csv(const json& report) {
  const char* columns[] = {
      "key",      "label",     "requests",   "errors", "error_rate", "prompt_tokens",   "completion_tokens",
      "cost_usd", "saved_usd", "cache_hits", "p50_ms", "p99_ms",     "mean_overhead_us"};
  std::string out;
  for (const char* c : columns) out += std::string(out.empty() ? "" : ",") + c;
  out += "\r\n";
  for (const json& row : report.value("rows", json::array())) {
    bool first = true;
    for (const char* c : columns) {
      const json v = row.contains(c) ? row[c] : json(nullptr);
      std::string text = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
      out += (first ? "" : ",") + csv_field(text);
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace gw
