// plans.h - the plans a user can be on, one table: Trial, Dev, Team,
// Enterprise. Limits grow Dev < Team < Enterprise. Money is exact fixed
// point. Pure data; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/accounts/roles.h"
#include "core/base/money.h"

namespace gw {

enum class PlanId { kTrial, kDev, kTeam, kEnterprise };

struct PlanLimits {
  int64_t requests_per_minute;  // per key
  int64_t tokens_per_day;       // per key, UTC day
  int64_t tokens_per_month;     // per key, UTC calendar month
  int64_t concurrent_requests;  // per key, in flight at once
};

struct Plan {
  PlanId id;
  std::string_view name;  // "trial"
  std::string_view tier;  // "basic" for Trial (the tier new users start on)
  Role default_role;      // role of the user's primary key
  PlanLimits limits;
  Money monthly_allowance;  // subscription allowance granted each month; 0 = none
  // Trial only (0 = not a trial): length, one-time credit grant, and the
  // lifetime token and request caps while on trial.
  int64_t trial_days;
  Money trial_credits;
  int64_t trial_tokens;
  int64_t trial_requests;
};

std::span<const Plan> plans();  // Trial, Dev, Team, Enterprise
const Plan& plan(PlanId id);
std::optional<PlanId> parse_plan(std::string_view name);

}  // namespace gw
