// request_log.h - the dashboard's Requests page: usage_log newest first,
// keyset-paginated by row id (a page asks for rows before the last id it
// showed, never for an offset), filtered by model, provider, user, key,
// status and time; and one request's detail.
//
// Every page costs a bounded amount at any table size: the time filters
// become an id range through the created_ms index, and one call scans at
// most kScanRows (50,000) rows of that range. A filter that matches little may so
// answer fewer rows than asked with a cursor to go on from ("next_before");
// no cursor means the range is exhausted. (gw keeps no index per model or
// user on usage_log: each would cost every billed request an index insert.)
//
// Same thread rules as Database (the caller holds the connection).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/base/result.h"
#include "core/dashboard/dashboard_query.h"
#include "proxy/io/database.h"

namespace gw {

inline constexpr int64_t kScanRows = 50'000;

// {rows[{id, request_id, created_ms, model, provider, user_id, user, key_id,
//  status, tokens..., cost_usd, latency_ms, overhead_us, attempts, stream}],
//  next_before: id | null}
Result<nlohmann::json> request_page(Database& db, const RequestFilter& f);

// One request's every column (route, attempts, failover path, tokens, exact
// cost, overhead, trace id, router decision, user and key names) and its
// stored bodies when [log] store_bodies kept them; kNotFound when unknown.
Result<nlohmann::json> request_detail(Database& db, std::string_view request_id);

}  // namespace gw
