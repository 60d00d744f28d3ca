// usage_rollup.h - what the dashboard's charts read instead of usage_log:
// per-minute, per-hour and per-day sums of requests, errors, tokens, exact
// cost and a latency histogram, for every total and for each model,
// provider, user, key and router decision. The usage writer adds each batch
// of usage rows into a RollupBatch and upserts its cells in the same
// transaction as the rows (proxy/io/rollup_sql.h), so the rollups always
// agree with usage_log.
//
// Pure data and functions. A RollupBatch is used by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/dashboard/latency_histogram.h"

namespace gw {

// Bucket widths, in milliseconds.
inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int64_t kRollupGrains[] = {kMinuteMs, kHourMs, kDayMs};
// Minute rows are kept this long (the 1 h window needs one hour of them);
// hour and day rows are kept.
inline constexpr int64_t kMinuteRollupKeepMs = 2 * kDayMs;

// What a rollup row is counted by. kTotal has the value "".
enum class RollupDim { kTotal, kModel, kProvider, kUser, kKey, kRoute };
std::string_view rollup_dim_name(RollupDim dim);  // "total", "model", ...
// "model", "provider", "user", "key" or "route"; nullopt otherwise ("total" too).
std::optional<RollupDim> parse_rollup_dim(std::string_view name);

// The values a rollup row stands for when the usage row has none.
inline constexpr std::string_view kOwnerValue = "(owner)";  // user: the local owner (no account)
inline constexpr std::string_view kNoKeyValue = "(no key)";

// One usage row, as the rollups see it.
struct RollupInput {
  int64_t created_ms = 0;
  std::string_view model, provider, user_id, key_id;
  std::string_view router;  // "" = not a router:* request
  int status = 0;
  int64_t prompt_tokens = 0, completion_tokens = 0;
  int64_t cost_units = 0, saved_units = 0;  // exact fixed point, 1e-10 USD
  int64_t latency_ms = 0, overhead_us = 0;
};

// A request counts as an error when it was not answered 2xx.
inline bool is_error_status(int status) { return status < 200 || status >= 300; }

// The sums of one rollup row. Addable.
struct RollupSums {
  int64_t requests = 0, errors = 0, prompt_tokens = 0, completion_tokens = 0;
  int64_t cost_units = 0, saved_units = 0, cache_hits = 0;
  int64_t latency_ms = 0, overhead_us = 0;  // totals, for means
  LatencyCounts latency{};
  void add(const RollupSums& o);
};

struct RollupKey {
  int64_t grain_ms = 0;
  RollupDim dim = RollupDim::kTotal;
  int64_t bucket_ms = 0;  // start of the bucket: a multiple of grain_ms
  std::string value;
  bool operator<(const RollupKey& o) const {
    return std::tie(grain_ms, dim, bucket_ms, value) < std::tie(o.grain_ms, o.dim, o.bucket_ms, o.value);
  }
};

// One batch's cells, each counted once however many rows fell in it.
class RollupBatch {
 public:
  // Counts `row` in its minute, hour and day, for each dimension it has.
  void add(const RollupInput& row);
  const std::map<RollupKey, RollupSums>& cells() const { return cells_; }
  bool empty() const { return cells_.empty(); }
  int64_t newest_ms() const { return newest_ms_; }

 private:
  std::map<RollupKey, RollupSums> cells_;
  int64_t newest_ms_ = 0;
};

// The windows the pages offer: how far back, and the grain read for it.
struct DashboardWindow {
  std::string_view name;  // "1h", "24h", "7d", "30d"
  int64_t grain_ms;
  int buckets;  // the window is the current bucket and the buckets-1 before it
};
inline constexpr DashboardWindow kDashboardWindows[] = {
    {"1h", kMinuteMs, 60}, {"24h", kHourMs, 24}, {"7d", kHourMs, 168}, {"30d", kDayMs, 30}};
std::optional<DashboardWindow> parse_dashboard_window(std::string_view name);
// The first bucket's start for `window` at `now_ms`.
int64_t window_start_ms(const DashboardWindow& window, int64_t now_ms);

}  // namespace gw
