// usage_report.h - usage summaries from usage_log: requests, tokens, exact
// cost and response-cache hits and savings, grouped by model, provider, UTC
// day or user. Thread-safety: as AccountStore (queries run under its lock).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/base/result.h"

namespace gw {

class AccountStore;

struct UsageQuery {
  std::string by = "model";  // model | provider | day | user
  std::string user_id;       // "" = everyone
  int64_t since_ms = 0;      // only requests at or after this time
};

// {"by": ..., "rows": [{"key", "requests", "prompt_tokens", "completion_tokens", "cost_usd", "cache_hits",
// "saved_usd"}], "total": {...}}: cache_hits counts the requests answered from
// the response cache (provider "cache"), saved_usd sums what they saved their
// callers; a hit's tokens are in the token sums, its cost is what it was charged.
Result<nlohmann::json> usage_report(AccountStore& store, const UsageQuery& q);

}  // namespace gw
