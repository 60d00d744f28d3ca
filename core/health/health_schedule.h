// health_schedule.h - when the active health checks probe each model
// (CM-11.1..11.3). Targets are the (model x provider) offers gw can serve,
// ranked by client usage (probes excluded), most used first:
//   critical - the top 5% (rounded up)           every 300 s
//   popular  - the next 20% (top 25%, rounded up) every 1800 s
//   standard - the rest                          every 7200..14400 s
// Only targets with usage can be critical or popular; with no traffic every
// target is standard. A standard target's interval is spread across the 2-4 h
// window by a stable hash of "model@provider" (FNV-1a), so checks do not all
// fall due together and the same model keeps the same slot across restarts.
// A target never checked is due at once when critical or popular; a standard
// one is first due one interval-spread offset after `start_ms` (so a restart
// does not probe every model at once).
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/stable_hash.h"

namespace gw {

enum class CheckTier { kCritical, kPopular, kStandard };
std::string_view check_tier_name(CheckTier t);  // "critical" | "popular" | "standard"

struct CheckTarget {
  std::string model;     // canonical model ID
  std::string provider;  // provider slug
  int64_t usage = 0;     // client requests so far
};

struct ScheduledCheck {
  CheckTarget target;
  CheckTier tier = CheckTier::kStandard;
  int64_t interval_ms = 0;
};

constexpr int64_t kCriticalIntervalMs = 300'000;        // 5 min
constexpr int64_t kPopularIntervalMs = 1'800'000;       // 30 min
constexpr int64_t kStandardMinIntervalMs = 7'200'000;   // 2 h
constexpr int64_t kStandardMaxIntervalMs = 14'400'000;  // 4 h

// Tiers by usage; the result is ordered most used first (ties by model, then provider).
std::vector<ScheduledCheck> assign_tiers(std::vector<CheckTarget> targets);

// The tier's interval for one target (standard: its stable slot in 2-4 h).
int64_t tier_interval_ms(CheckTier tier, std::string_view model, std::string_view provider);

// Unix ms the check is next due, given when it last ran (0 = never) and when
// the checker started.
int64_t next_check_ms(const ScheduledCheck& check, int64_t last_checked_ms, int64_t start_ms);

}  // namespace gw
