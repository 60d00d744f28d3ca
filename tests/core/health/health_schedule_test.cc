// Active check tiers by usage (CM-11.1..11.3) and the daily spend cap.
#include "core/health/health_schedule.h"

#include <doctest/doctest.h>

#include <map>

#include "core/base/stable_hash.h"
#include "core/health/probe_budget.h"

namespace gw {
namespace {

// 100 targets: m000 used 100 times, m001 99 times, ... m099 once.
std::vector<CheckTarget> hundred_targets() {
  std::vector<CheckTarget> t;
  for (int i = 0; i < 100; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "m%03d", i);
    t.push_back({id, "p", 100 - i});
  }
  return t;
}

std::map<CheckTier, int> count_tiers(const std::vector<ScheduledCheck>& checks) {
  std::map<CheckTier, int> n;
  for (const auto& c : checks) ++n[c.tier];
  return n;
}

}  // namespace

// Ranks [from, to) of `checks` are all in `tier`, checked every `interval_ms`.
static void check_ranks(const std::vector<ScheduledCheck>& checks, int from, int to, CheckTier tier,
                        int64_t interval_ms) {
  for (int i = from; i < to; ++i) {
    CAPTURE(i);
    CHECK(checks[i].tier == tier);
    CHECK(checks[i].interval_ms == interval_ms);
  }
}

TEST_CASE("schedule: the top 5% by usage are checked every 5 minutes (CM-11.1)") {
  auto checks = assign_tiers(hundred_targets());
  CHECK(count_tiers(checks)[CheckTier::kCritical] == 5);
  check_ranks(checks, 0, 5, CheckTier::kCritical, 300'000);
  CHECK(checks[0].target.model == "m000");
}

TEST_CASE("schedule: the next 20% are checked every 30 minutes (CM-11.2)") {
  auto checks = assign_tiers(hundred_targets());
  CHECK(count_tiers(checks)[CheckTier::kPopular] == 20);
  check_ranks(checks, 5, 25, CheckTier::kPopular, 1'800'000);
}

TEST_CASE("schedule: the remaining 75% every 2-4 h, spread deterministically (CM-11.3)") {
  auto checks = assign_tiers(hundred_targets());
  CHECK(count_tiers(checks)[CheckTier::kStandard] == 75);
  std::map<int64_t, int> distinct;
  for (int i = 25; i < 100; ++i) {
    CHECK(checks[i].tier == CheckTier::kStandard);
    CHECK(checks[i].interval_ms >= 7'200'000);
    CHECK(checks[i].interval_ms <= 14'400'000);
    CHECK(checks[i].interval_ms % 1000 == 0);
    ++distinct[checks[i].interval_ms];
  }
  CHECK(distinct.size() > 60);  // spread out, not bunched
  // Deterministic: same model, same slot, every run.
  CHECK(tier_interval_ms(CheckTier::kStandard, "m050", "p") == checks[50].interval_ms);
  CHECK(stable_hash("openai/gpt-4o@openai") == stable_hash("openai/gpt-4o@openai"));
  CHECK(stable_hash("") == 14695981039346656037ULL);  // FNV-1a offset basis
}

TEST_CASE("schedule: tiers round up for small sets; unused targets are always standard") {
  auto checks = assign_tiers({{"a", "p", 3}, {"b", "p", 0}, {"c", "p", 0}, {"d", "p", 1}});
  CHECK(checks[0].target.model == "a");
  CHECK(checks[0].tier == CheckTier::kCritical);  // ceil(5% of 4) = 1
  CHECK(checks[1].target.model == "d");
  CHECK(checks[1].tier == CheckTier::kStandard);  // ceil(25% of 4) = 1: no popular slot left
  auto idle = assign_tiers({{"a", "p", 0}, {"b", "p", 0}});
  CHECK(count_tiers(idle)[CheckTier::kStandard] == 2);
}

TEST_CASE("schedule: due times follow the last check; never-checked busy targets are due at once") {
  auto checks = assign_tiers(hundred_targets());
  const int64_t start = 1'000'000;
  CHECK(next_check_ms(checks[0], 0, start) == start);
  CHECK(next_check_ms(checks[0], 2'000'000, start) == 2'300'000);
  CHECK(next_check_ms(checks[10], 2'000'000, start) == 3'800'000);
  // A standard target's first check waits for its offset in its window, so a
  // restart does not probe everything at once.
  int64_t first = next_check_ms(checks[60], 0, start);
  CHECK(first >= start);
  CHECK(first < start + checks[60].interval_ms);
}

TEST_CASE("probe budget: worst-case probe cost from exact catalog prices") {
  CatalogModel m;
  m.prompt_price = *TokenPrice::parse_per_million("2.50");
  m.completion_price = *TokenPrice::parse_per_million("10.00");
  // 16 prompt tokens x $2.50/M + 1 completion token x $10/M = $0.00005
  CHECK(probe_cost(m, 1)->to_string() == "0.00005");
  CHECK(probe_cost(m, 4)->to_string() == "0.00008");
}

TEST_CASE("probe budget: a probe that would pass the daily cap is skipped and counted; a new UTC day resets") {
  ProbeBudget budget(*Money::parse("0.10"));
  const int64_t day = 1'700'000'000'000 / 86'400'000 * 86'400'000;  // a UTC midnight
  Money three_cents = *Money::parse("0.03");
  CHECK(budget.try_spend(three_cents, day + 1));
  CHECK(budget.try_spend(three_cents, day + 2));
  CHECK(budget.try_spend(three_cents, day + 3));
  CHECK_FALSE(budget.try_spend(three_cents, day + 4));      // 0.12 > 0.10
  CHECK(budget.try_spend(*Money::parse("0.01"), day + 5));  // exactly 0.10 is allowed
  ProbeSpend today = budget.today(day + 6);
  CHECK(today.spent.to_string() == "0.10");
  CHECK(today.probes == 4);
  CHECK(today.skipped == 1);
  CHECK(budget.try_spend(three_cents, day + 86'400'000));  // next day
  CHECK(budget.today(day + 86'400'000).spent.to_string() == "0.03");
}

}  // namespace gw
