// overview_report.h - the dashboard's Overview, Providers and Routing
// numbers for one window (1 h, 24 h, 7 d, 30 d), read from usage_rollup
// only, never from usage_log, so they cost the same at a million rows as at
// ten: totals (requests, errors and error rate, tokens, exact spend, cache
// hits and savings, p50/p99 latency from the summed histograms, mean gw
// overhead), one point per bucket for the charts, and a breakdown by model,
// provider, user, key or router decision, each row with the same numbers.
//
// Money is exact: sums of integer units, shown as decimal strings. Same
// thread rules as Database (the caller holds the connection).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/base/result.h"
#include "core/dashboard/dashboard_query.h"
#include "core/dashboard/usage_rollup.h"
#include "proxy/io/database.h"

namespace gw {

// {window, grain_ms, start_ms, end_ms, by, totals{...}, series[{t, ...}],
//  rows[{key, label, ...}]}; rows by spend, then requests, largest first.
Result<nlohmann::json> overview_report(Database& db, const OverviewQuery& q);

// The same numbers for one row, as JSON (exposed for tests).
nlohmann::json rollup_sums_json(const RollupSums& sums);

// The breakdown as CSV: a header line, then one line per row of
// overview_report()'s "rows" (exact money, percentiles in ms).
std::string overview_csv(const nlohmann::json& report);

}  // namespace gw
