#include "core/accounts/plans.h"

namespace gw {
namespace {

constexpr int64_t kMillion = 1'000'000;

// The plan table. New users start on Trial: $5 of credit for 3 days, at most
// 1M tokens and 10K requests; afterwards only ":free" models until they move
// to a paid plan or buy credits. Paid plans get a monthly allowance that is
// spent before purchased credits and does not roll over.
constexpr Plan kPlans[] = {
    {PlanId::kTrial,
     "trial",
     "basic",
     Role::kDev,
     {.requests_per_minute = 60,
      .tokens_per_day = 1 * kMillion,
      .tokens_per_month = 1 * kMillion,
      .concurrent_requests = 4},
     Money{},
     3,
     Money::dollars(5),
     1 * kMillion,
     10'000},
    {PlanId::kDev,
     "dev",
     "dev",
     Role::kDev,
     {.requests_per_minute = 300,
      .tokens_per_day = 5 * kMillion,
      .tokens_per_month = 100 * kMillion,
      .concurrent_requests = 16},
     Money::dollars(10),
     0,
     Money{},
     0,
     0},
    {PlanId::kTeam,
     "team",
     "team",
     Role::kTeam,
     {.requests_per_minute = 1200,
      .tokens_per_day = 25 * kMillion,
      .tokens_per_month = 500 * kMillion,
      .concurrent_requests = 64},
     Money::dollars(50),
     0,
     Money{},
     0,
     0},
    {PlanId::kEnterprise,
     "enterprise",
     "enterprise",
     Role::kTeam,
     {.requests_per_minute = 6000,
      .tokens_per_day = 250 * kMillion,
      .tokens_per_month = 5000 * kMillion,
      .concurrent_requests = 256},
     Money::dollars(500),
     0,
     Money{},
     0,
     0},
};

}  // namespace

std::span<const Plan> plans() { return kPlans; }

const Plan& plan(PlanId id) { return kPlans[static_cast<int>(id)]; }

std::optional<PlanId> parse_plan(std::string_view name) {
  for (const Plan& p : kPlans)
    if (p.name == name) return p.id;
  return std::nullopt;
}

}  // namespace gw
