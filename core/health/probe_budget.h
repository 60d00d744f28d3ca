// probe_budget.h - the daily spend cap of the active health checks. Each
// probe is charged its worst-case cost from the catalog's exact prices
// (kProbePromptTokens prompt tokens + max_tokens completion tokens) before it
// is sent; a probe that would take the UTC day's spend past the cap is not
// sent and is counted as skipped. Money is exact fixed point (core/base/money.h).
// The day's figures live in memory: a restart starts the day at zero.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "core/base/money.h"
#include "core/catalog/catalog.h"

namespace gw {

// The prompt of a probe ("ping") is a few tokens; chat templates add some.
// 16 bounds both for every catalog model.
constexpr int64_t kProbePromptTokens = 16;

// Worst-case cost of one probe of `m`; nullopt on overflow.
std::optional<Money> probe_cost(const CatalogModel& m, int64_t max_tokens);

struct ProbeSpend {
  Money spent;  // charged today (UTC)
  Money cap;
  int64_t probes = 0;   // probes charged today
  int64_t skipped = 0;  // probes refused today because of the cap
};

class ProbeBudget {
 public:
  explicit ProbeBudget(Money daily_cap) : cap_(daily_cap) {}

  // Charges `cost` to the UTC day of now_ms and returns true, or returns
  // false (and counts a skip) when that would pass the cap.
  bool try_spend(Money cost, int64_t now_ms);
  // Records a decision made elsewhere (scale-out: the cluster's counter
  // decided): `sent` adds the cost and a probe, else a skip. Never refuses.
  void record(Money cost, bool sent, int64_t now_ms);
  ProbeSpend today(int64_t now_ms) const;

 private:
  static int64_t utc_day(int64_t now_ms) { return now_ms / 86'400'000; }
  void roll_locked(int64_t now_ms) const;

  const Money cap_;
  mutable std::mutex mu_;
  mutable int64_t day_ = -1;
  mutable ProbeSpend spend_;
};

}  // namespace gw
