// usage_report.h - usage summaries from usage_log: requests, tokens and exact
// cost grouped by model, provider, UTC day or user. Thread-safety: as
// AccountStore (queries run under its lock).
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

// {"by": ..., "rows": [{"key", "requests", "prompt_tokens", "completion_tokens", "cost_usd"}], "total": {...}}
Result<nlohmann::json> usage_report(AccountStore& store, const UsageQuery& q);

}  // namespace gw
