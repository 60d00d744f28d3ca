// rate_limit_store.cc - contracts in rate_limit_store.h.
#include "core/limits/rate_limit_store.h"

#include <algorithm>

namespace gw {

int64_t WindowCount::add(int64_t start_ms, int64_t length_ms, int64_t amount) {
  if (start_ms < window_start_ms) return 0;  // a late correction to a window that has ended
  if (start_ms > window_start_ms || window_end_ms == 0) {
    window_start_ms = start_ms;
    window_end_ms = start_ms + length_ms;
    count = 0;
  }
  count = std::max<int64_t>(0, count + amount);
  return count;
}

Result<SlotCount> RateLimitStore::add_and_hold(std::string_view name, int64_t window_start_ms, int64_t window_ms,
                                               int64_t amount, int64_t limit, std::string_view slot,
                                               int64_t slot_limit) {
  auto total = add(name, window_start_ms, window_ms, amount);
  if (!total) return total.error();
  SlotCount out{*total, 0};
  if (*total > limit) return out;
  auto level = gauge(slot, 1);
  if (!level) return level.error();
  out.level = *level;
  if (*level > slot_limit) (void)gauge(slot, -1);
  return out;
}

Result<std::vector<int64_t>> RateLimitStore::add_many(std::span<const CounterAdd> adds, std::string_view release) {
  std::vector<int64_t> totals;
  totals.reserve(adds.size());
  for (const CounterAdd& a : adds) {
    auto total = add(a.name, a.window_start_ms, a.window_ms, a.amount);
    if (!total) return total.error();
    totals.push_back(*total);
  }
  if (!release.empty())
    if (auto level = gauge(release, -1); !level) return level.error();
  return totals;
}

}  // namespace gw
