// provider_health.h - passive health: every upstream attempt's outcome and
// latency, per provider and per provider+model, kept in memory. /health
// reports it, the failover chain orders providers by it, incidents are
// derived from it, and the active checks tier models by its usage counts
// (probes are counted apart, so checking a model never makes it "popular").
// With several instances on one Redis (docs/scale-out.md), the other
// instances' rows are set here by a background tick (set_others) and every
// read below merges them with this instance's own (core/health/peer_figures.h),
// so /health, incidents, failover order and the checks' tiers see the
// cluster's traffic while the request path still reads only memory.
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/string_pair_less.h"

namespace gw {

struct HealthStats {
  std::string provider;
  std::string model;     // "" for the provider-wide row
  int64_t requests = 0;  // every attempt, probes included
  int64_t probes = 0;    // of which active health checks
  int64_t failures = 0;  // outcomes that count against the provider (see circuit_breaker.h)
  int64_t total_latency_ms = 0;
  int64_t last_failure_ms = 0;  // Unix ms; 0 = never
  int64_t p50_latency_ms = 0;   // median of the most recent attempts (up to kLatencyWindow)

  int64_t usage() const { return requests - probes; }  // client traffic only
  int64_t avg_latency_ms() const { return requests ? total_latency_ms / requests : 0; }
  // Successes per 10,000 attempts (integer basis points; 10000 with no traffic).
  int64_t success_bp() const { return requests ? (requests - failures) * 10000 / requests : 10000; }
};

// "99.5%" from basis points, for people.
std::string percent_from_bp(int64_t bp);

class ProviderHealth {
 public:
  static constexpr size_t kLatencyWindow = 64;  // attempts behind each p50

  // One attempt's outcome; `probe` marks an active health check.
  void record(std::string_view provider, std::string_view model, bool ok, int64_t latency_ms, int64_t now_ms,
              bool probe = false);
  // A provider's success rate in basis points once it has at least
  // `min_samples` attempts; nullopt before that. Cheap (no copies): used on
  // the request path to order failover candidates.
  std::optional<int64_t> success_bp(std::string_view provider, int64_t min_samples) const;
  // A provider+model's p50 latency (ms) over its recent attempts and how many
  // attempts it has seen; nullopt before the first. Cheap: the routers read
  // it per candidate on the request path.
  struct Latency {
    int64_t p50_ms = 0;
    int64_t samples = 0;
  };
  std::optional<Latency> latency(std::string_view provider, std::string_view model) const;
  // One row per provider (model ""), in slug order.
  std::vector<HealthStats> providers() const;
  // One row per provider+model that has seen traffic.
  std::vector<HealthStats> models() const;

  // This instance's own rows (providers' with model "", then models'), what
  // it publishes to the others.
  std::vector<HealthStats> own_rows() const;
  // The other live instances' rows (model "" for a provider's), replacing
  // the last set; an empty vector forgets them.
  void set_others(const std::vector<HealthStats>& rows);

 private:
  struct Row {
    HealthStats stats;
    std::array<int64_t, kLatencyWindow> recent{};  // ring of the last latencies
    size_t next = 0;
  };
  static void add(Row& row, bool ok, int64_t latency_ms, int64_t now_ms, bool probe);
  static HealthStats with_p50(const Row& row);
  // `own` (null: none) merged with the others' rows for (provider, model).
  HealthStats merged_locked(const Row* own, std::string_view provider, std::string_view model) const;
  std::vector<HealthStats> rows_locked(bool models) const;
  mutable std::mutex mu_;
  std::map<std::string, Row, std::less<>> by_provider_;
  // (provider, model) pairs, found by string views (no key built per lookup).
  std::map<std::pair<std::string, std::string>, Row, StringPairLess> by_model_;
  // The other instances' rows by (provider, model), model "" for providers'.
  std::map<std::pair<std::string, std::string>, std::vector<HealthStats>, StringPairLess> others_;
};

}  // namespace gw
