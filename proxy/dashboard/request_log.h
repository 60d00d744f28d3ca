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
#include "proxy/io/database.h"

namespace gw {

struct RequestFilter {
  std::string model, provider, key_id;
  std::string user;                    // a user's name or id; "(owner)" = requests without an account
  std::string status;                  // "" any, "ok" 2xx, "error" anything else, or one code ("429")
  int64_t since_ms = 0, until_ms = 0;  // 0 = unbounded
  int64_t before_id = 0;               // cursor: rows with smaller ids; 0 = from the newest
  int limit = 50;                      // 1..200
};

inline constexpr int64_t kScanRows = 50'000;

// Checks and fills a filter from a query string; kInvalidRequest naming the
// bad parameter.
Result<RequestFilter> parse_request_filter(std::string_view query);

// {rows[{id, request_id, created_ms, model, provider, user_id, user, key_id,
//  status, tokens..., cost_usd, latency_ms, overhead_us, attempts, stream}],
//  next_before: id | null}
Result<nlohmann::json> request_page(Database& db, const RequestFilter& f);

// One request's every column (route, attempts, failover path, tokens, exact
// cost, overhead, trace id, router decision, user and key names) and its
// stored bodies when [log] store_bodies kept them; kNotFound when unknown.
Result<nlohmann::json> request_detail(Database& db, std::string_view request_id);

}  // namespace gw
