#include "core/health/health_schedule.h"

#include <algorithm>

namespace gw {

std::string_view check_tier_name(CheckTier t) {
  switch (t) {
    case CheckTier::kCritical:
      return "critical";
    case CheckTier::kPopular:
      return "popular";
    case CheckTier::kStandard:
      break;
  }
  return "standard";
}

int64_t tier_interval_ms(CheckTier tier, std::string_view model, std::string_view provider) {
  switch (tier) {
    case CheckTier::kCritical:
      return kCriticalIntervalMs;
    case CheckTier::kPopular:
      return kPopularIntervalMs;
    case CheckTier::kStandard:
      break;
  }
  std::string key = std::string(model) + "@" + std::string(provider);
  constexpr uint64_t kSpreadS = (kStandardMaxIntervalMs - kStandardMinIntervalMs) / 1000 + 1;  // 7201 slots
  return kStandardMinIntervalMs + static_cast<int64_t>(stable_hash(key) % kSpreadS) * 1000;
}

std::vector<ScheduledCheck> assign_tiers(std::vector<CheckTarget> targets) {
  std::sort(targets.begin(), targets.end(), [](const CheckTarget& a, const CheckTarget& b) {
    if (a.usage != b.usage) return a.usage > b.usage;
    if (a.model != b.model) return a.model < b.model;
    return a.provider < b.provider;
  });
  size_t n = targets.size();
  size_t critical = (n * 5 + 99) / 100;  // ceil(5%)
  size_t popular = (n * 25 + 99) / 100;  // ceil(25%): critical + the next 20%
  std::vector<ScheduledCheck> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    ScheduledCheck c;
    c.target = std::move(targets[i]);
    if (c.target.usage > 0 && i < critical) c.tier = CheckTier::kCritical;
    else if (c.target.usage > 0 && i < popular) c.tier = CheckTier::kPopular;
    c.interval_ms = tier_interval_ms(c.tier, c.target.model, c.target.provider);
    out.push_back(std::move(c));
  }
  return out;
}

int64_t next_check_ms(const ScheduledCheck& check, int64_t last_checked_ms, int64_t start_ms) {
  if (last_checked_ms > 0) return last_checked_ms + check.interval_ms;
  if (check.tier != CheckTier::kStandard) return start_ms;
  std::string key = check.target.model + "@" + check.target.provider;
  return start_ms + static_cast<int64_t>(stable_hash(key) % static_cast<uint64_t>(check.interval_ms));
}

}  // namespace gw
