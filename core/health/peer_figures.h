// peer_figures.h - how the health figures several gw instances measured
// combine into the cluster's (scale-out: each instance publishes its own,
// proxy/monitor/cluster_sync.h, and every instance merges all of them).
// Counts add up; the last failure is the latest; a median cannot be merged
// exactly from medians, so the cluster's p50 is the sample-weighted median
// of each instance's p50 (exact when one instance has all the samples or
// all instances measure alike).
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/health/latency_book.h"
#include "core/health/provider_health.h"

namespace gw {

// The value at which half the weight is reached, over (value, weight)
// pairs; 0 when the total weight is 0.
int64_t weighted_median(std::vector<std::pair<int64_t, int64_t>> values);

// Rows of one (provider, model) from several instances, as one row; the
// first row's names. Empty input: an empty row.
HealthStats merge_stats(const std::vector<HealthStats>& rows);

// One pair's latencies from several instances, as one.
AnswerLatency merge_latency(const std::vector<AnswerLatency>& parts);

}  // namespace gw
