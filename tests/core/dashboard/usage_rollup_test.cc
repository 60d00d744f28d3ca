// usage_rollup_test.cc - which rollup cells a usage row is counted in, and
// the dashboard's windows.
#include "core/dashboard/usage_rollup.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

constexpr int64_t kT = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

RollupInput row(int status = 200) {
  RollupInput r;
  r.created_ms = kT;
  r.model = "openai/gpt-4o";
  r.provider = "openai";
  r.user_id = "usr_1";
  r.key_id = "key_1";
  r.status = status;
  r.prompt_tokens = 10;
  r.completion_tokens = 5;
  r.cost_units = 1234;
  r.latency_ms = 40;
  return r;
}

const RollupSums& cell(const RollupBatch& b, int64_t grain, RollupDim dim, std::string value) {
  const int64_t bucket = kT / grain * grain;
  auto it = b.cells().find(RollupKey{grain, dim, bucket, std::move(value)});
  REQUIRE(it != b.cells().end());
  return it->second;
}

}  // namespace

TEST_CASE("a row counts in every grain, in total and by model, provider, user and key") {
  RollupBatch b;
  b.add(row());
  CHECK(b.cells().size() == 3 * 5);  // no router: no route cell
  for (int64_t grain : kRollupGrains) {
    CHECK(cell(b, grain, RollupDim::kTotal, "").requests == 1);
    CHECK(cell(b, grain, RollupDim::kModel, "openai/gpt-4o").cost_units == 1234);
    CHECK(cell(b, grain, RollupDim::kProvider, "openai").prompt_tokens == 10);
    CHECK(cell(b, grain, RollupDim::kUser, "usr_1").completion_tokens == 5);
    CHECK(cell(b, grain, RollupDim::kKey, "key_1").latency[latency_bucket(40)] == 1);
  }
  CHECK(b.newest_ms() == kT);
}

TEST_CASE("rows in one bucket add up; errors are answers other than 2xx") {
  RollupBatch b;
  b.add(row(200));
  b.add(row(502));
  b.add(row(499));
  const RollupSums& total = cell(b, kHourMs, RollupDim::kTotal, "");
  CHECK(total.requests == 3);
  CHECK(total.errors == 2);
  CHECK(total.cost_units == 3 * 1234);
}

TEST_CASE("the owner and keyless requests have their own rollup values") {
  RollupInput r = row();
  r.user_id = "";
  r.key_id = "";
  RollupBatch b;
  b.add(r);
  CHECK(cell(b, kDayMs, RollupDim::kUser, std::string(kOwnerValue)).requests == 1);
  CHECK(cell(b, kDayMs, RollupDim::kKey, std::string(kNoKeyValue)).requests == 1);
}

TEST_CASE("a routed request is also counted by its router decision, as gw usage --by route names it") {
  RollupInput r = row();
  r.router = "code:auto complex";
  RollupBatch b;
  b.add(r);
  CHECK(cell(b, kMinuteMs, RollupDim::kRoute, "code:auto complex -> openai/gpt-4o").requests == 1);
}

TEST_CASE("a response-cache hit is counted with its saving") {
  RollupInput r = row();
  r.provider = "cache";
  r.saved_units = 99;
  RollupBatch b;
  b.add(r);
  CHECK(cell(b, kDayMs, RollupDim::kTotal, "").cache_hits == 1);
  CHECK(cell(b, kDayMs, RollupDim::kTotal, "").saved_units == 99);
}

TEST_CASE("windows: names, grains, and where they start") {
  CHECK(parse_dashboard_window("1h")->grain_ms == kMinuteMs);
  CHECK(parse_dashboard_window("24h")->buckets == 24);
  CHECK(parse_dashboard_window("7d")->grain_ms == kHourMs);
  CHECK(parse_dashboard_window("30d")->grain_ms == kDayMs);
  CHECK_FALSE(parse_dashboard_window("2h"));
  const DashboardWindow day = *parse_dashboard_window("24h");
  // The current hour and the 23 before it.
  CHECK(window_start_ms(day, kT) == kT / kHourMs * kHourMs - 23 * kHourMs);
  CHECK(parse_rollup_dim("user") == RollupDim::kUser);
  CHECK_FALSE(parse_rollup_dim("total"));
  CHECK_FALSE(parse_rollup_dim("team"));
}

}  // namespace gw
