// latency_histogram.cc - contracts in latency_histogram.h.
#include "core/dashboard/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace gw {

size_t latency_bucket(int64_t ms) {
  auto at = std::lower_bound(kLatencyBoundsMs.begin(), kLatencyBoundsMs.end(), ms);
  return static_cast<size_t>(at - kLatencyBoundsMs.begin());
}

double latency_quantile(const LatencyCounts& counts, double q) {
  int64_t total = 0;
  for (int64_t c : counts) total += c;
  if (total <= 0) return -1;
  // The rank of the answer, 1..total (nearest-rank, as percentiles are read).
  const double rank = std::max(1.0, std::ceil(q * static_cast<double>(total)));
  int64_t below = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] <= 0 || static_cast<double>(below + counts[i]) < rank) {
      below += counts[i];
      continue;
    }
    if (i == kLatencyBoundsMs.size()) return static_cast<double>(kLatencyBoundsMs.back());
    const double lower = i == 0 ? 0.0 : static_cast<double>(kLatencyBoundsMs[i - 1]);
    const double upper = static_cast<double>(kLatencyBoundsMs[i]);
    return lower + (upper - lower) * (rank - static_cast<double>(below)) / static_cast<double>(counts[i]);
  }
  return static_cast<double>(kLatencyBoundsMs.back());
}

}  // namespace gw
