// Roles (admin ⊃ team ⊃ dev ⊃ free), the plan table, and UTC calendar math.
#include <doctest/doctest.h>

#include "core/accounts/plans.h"
#include "core/accounts/roles.h"
#include "core/base/calendar.h"

namespace gw {
namespace {

constexpr Permission kAll[] = {Permission::kChat,  Permission::kModelsRead, Permission::kEmbeddings,
                               Permission::kMedia, Permission::kUsageOwn,   Permission::kKeysOwn,
                               Permission::kAdmin};

int count(Role r) {
  int n = 0;
  for (Permission p : kAll) n += has_permission(r, p);
  return n;
}

}  // namespace

TEST_CASE("exactly four roles exist, named admin, team, dev and free") {
  REQUIRE(roles().size() == 4);
  for (const char* name : {"free", "dev", "team", "admin"}) CHECK(parse_role(name));
  CHECK_FALSE(parse_role("root"));
  CHECK(role_name(Role::kTeam) == "team");
}

TEST_CASE("each role holds every permission of the roles below it, plus more") {
  CHECK(count(Role::kFree) < count(Role::kDev));
  CHECK(count(Role::kDev) < count(Role::kTeam));
  CHECK(count(Role::kTeam) < count(Role::kAdmin));
  for (Permission p : kAll) {
    CHECK(has_permission(Role::kAdmin, p));  // admin has all
    if (has_permission(Role::kFree, p)) CHECK(has_permission(Role::kDev, p));
    if (has_permission(Role::kDev, p)) CHECK(has_permission(Role::kTeam, p));
    CHECK(permission_name(p) != "");
  }
  CHECK(has_permission(Role::kFree, Permission::kChat));
  CHECK_FALSE(has_permission(Role::kFree, Permission::kEmbeddings));
  CHECK_FALSE(has_permission(Role::kTeam, Permission::kAdmin));
}

TEST_CASE("plans: Trial, Dev, Team, Enterprise with growing limits") {
  REQUIRE(plans().size() == 4);
  CHECK(plans()[0].name == "trial");
  CHECK(parse_plan("enterprise") == PlanId::kEnterprise);
  CHECK_FALSE(parse_plan("gold"));
  const PlanLimits& dev = plan(PlanId::kDev).limits;
  const PlanLimits& team = plan(PlanId::kTeam).limits;
  const PlanLimits& ent = plan(PlanId::kEnterprise).limits;
  CHECK(dev.requests_per_minute < team.requests_per_minute);
  CHECK(team.requests_per_minute < ent.requests_per_minute);
  CHECK(dev.tokens_per_day < team.tokens_per_day);
  CHECK(team.tokens_per_month < ent.tokens_per_month);
  CHECK(dev.concurrent_requests < team.concurrent_requests);
}

TEST_CASE("the trial plan: basic tier, $5, 3 days, 1M tokens, 10K requests") {
  const Plan& t = plan(PlanId::kTrial);
  CHECK(t.tier == "basic");
  CHECK(t.trial_credits == Money::dollars(5));
  CHECK(t.trial_days == 3);
  CHECK(t.trial_tokens == 1'000'000);
  CHECK(t.trial_requests == 10'000);
}

TEST_CASE("calendar: UTC day and month boundaries, leap years, formatting") {
  const int64_t t = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
  CHECK(utc_timestamp(t) == "2023-11-14T22:13:20Z");
  CHECK(utc_timestamp_ms(t + 7) == "2023-11-14T22:13:20.007Z");
  CHECK(utc_timestamp_ms(t + 999) == "2023-11-14T22:13:20.999Z");
  CHECK(utc_date(day_start_ms(t)) == "2023-11-14");
  CHECK(utc_timestamp(month_start_ms(t)) == "2023-11-01T00:00:00Z");
  CHECK(utc_timestamp(next_month_start_ms(t)) == "2023-12-01T00:00:00Z");
  const int64_t dec = next_month_start_ms(t) + 5;
  CHECK(utc_timestamp(next_month_start_ms(dec)) == "2024-01-01T00:00:00Z");
  const int64_t feb_2024 = next_month_start_ms(next_month_start_ms(dec));
  CHECK(utc_date(feb_2024) == "2024-02-01");
  CHECK(utc_date(next_month_start_ms(feb_2024) - 1) == "2024-02-29");
  CHECK(utc_date(0) == "1970-01-01");
  CHECK(utc_timestamp_ms(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(utc_timestamp(253'402'300'800'000) == "10000-01-01T00:00:00Z");  // past year 9999
}

TEST_CASE("calendar: millisecond stamps stay right however the seconds come, back, forth and repeated") {
  const int64_t t = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
  CHECK(utc_timestamp_ms(t + 1'500) == "2023-11-14T22:13:21.500Z");
  CHECK(utc_timestamp_ms(t + 1'999) == "2023-11-14T22:13:21.999Z");
  CHECK(utc_timestamp_ms(t + 2'000) == "2023-11-14T22:13:22.000Z");
  CHECK(utc_timestamp_ms(t + 1'001) == "2023-11-14T22:13:21.001Z");  // an earlier second again
  CHECK(utc_timestamp_ms(t - 86'400'000) == "2023-11-13T22:13:20.000Z");
  CHECK(utc_timestamp_ms(t + 1'001) == "2023-11-14T22:13:21.001Z");
  CHECK(utc_timestamp_ms(253'402'300'800'042) == "10000-01-01T00:00:00.042Z");
}

}  // namespace gw
