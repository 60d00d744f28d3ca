// latency_histogram.h - the small fixed histogram of request latencies kept
// in every rollup bucket (proxy/io/rollup_sql.h), so p50 and p99 over any
// window are computed from rollups alone: the buckets' counts add up across
// rows, and a percentile is read from the sums by linear interpolation inside
// the bucket that holds it (as Prometheus' histogram_quantile does). The
// answer is therefore exact to the bucket: a p99 of "212 ms" means the 99th
// percentile lies in (200, 300] ms.
//
// Pure data and functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace gw {

// Upper bounds (inclusive) of the buckets, in milliseconds; the last bucket
// has no upper bound. 24 buckets, roughly x1.5 apart: fine where requests
// are, coarse past 10 s.
inline constexpr std::array<int64_t, 23> kLatencyBoundsMs = {
    0, 1, 2, 3, 5, 8, 13, 20, 30, 50, 80, 130, 200, 300, 500, 800, 1300, 2000, 3000, 5000, 8000, 13000, 30000};
inline constexpr size_t kLatencyBuckets = kLatencyBoundsMs.size() + 1;

using LatencyCounts = std::array<int64_t, kLatencyBuckets>;

// The bucket a latency of `ms` falls in (negative counts as 0).
size_t latency_bucket(int64_t ms);

// The `q`-quantile (0 < q <= 1, e.g. 0.5, 0.99) of the counted latencies in
// milliseconds, interpolated inside its bucket; -1 when nothing was counted.
// A quantile in the last, unbounded bucket answers that bucket's lower bound.
double latency_quantile(const LatencyCounts& counts, double q);

}  // namespace gw
