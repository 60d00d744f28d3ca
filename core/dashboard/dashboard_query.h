// dashboard_query.h - the dashboard API's query strings, checked: the
// Requests page's filters (/ui/api/requests) and the Overview's window and
// breakdown (/ui/api/overview, its CSV). Every parameter is optional; a bad
// one is kInvalidRequest naming it, which the route answers with a 400.
// The reports that run these queries live in proxy/dashboard/.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/dashboard/usage_rollup.h"

namespace gw {

struct RequestFilter {
  std::string model, provider, key_id;
  std::string user;                    // a user's name or id; "(owner)" = requests without an account
  std::string status;                  // "" any, "ok" 2xx, "error" anything else, or one code ("429")
  int64_t status_code = -1;            // that one code, read; -1 when `status` names none
  int64_t since_ms = 0, until_ms = 0;  // 0 = unbounded
  int64_t before_id = 0;               // cursor: rows with smaller ids; 0 = from the newest
  int limit = 50;                      // 1..200
};

// model, provider, user, key, status (ok | error | a whole number), since,
// until, before (whole numbers), limit (1..200).
Result<RequestFilter> parse_request_filter(std::string_view query);

struct OverviewQuery {
  DashboardWindow window = kDashboardWindows[1];
  std::optional<RollupDim> by;  // nullopt: no breakdown
  int64_t now_ms = 0;
};

// window (1h | 24h | 7d | 30d; default 24h), by (model | provider | user |
// key | route; default none), at `now_ms`.
Result<OverviewQuery> parse_overview_query(std::string_view query, int64_t now_ms);

}  // namespace gw
