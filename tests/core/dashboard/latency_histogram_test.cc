// latency_histogram_test.cc - the rollups' latency histogram: which bucket a
// latency lands in, and percentiles read back from summed counts.
#include "core/dashboard/latency_histogram.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("latencies land in the bucket whose upper bound holds them") {
  CHECK(latency_bucket(0) == 0);
  CHECK(latency_bucket(-5) == 0);
  CHECK(latency_bucket(1) == 1);
  CHECK(latency_bucket(4) == 4);  // (3, 5]
  CHECK(latency_bucket(5) == 4);
  CHECK(latency_bucket(200) == 12);
  CHECK(latency_bucket(201) == 13);
  CHECK(latency_bucket(30000) == kLatencyBuckets - 2);
  CHECK(latency_bucket(10'000'000) == kLatencyBuckets - 1);
}

TEST_CASE("no requests: no percentile") {
  LatencyCounts none{};
  CHECK(latency_quantile(none, 0.5) == -1);
}

TEST_CASE("percentiles interpolate inside the bucket that holds them") {
  LatencyCounts c{};
  c[latency_bucket(150)] = 100;  // 100 requests in (130, 200]
  CHECK(latency_quantile(c, 0.5) == doctest::Approx(165.0));
  CHECK(latency_quantile(c, 0.99) == doctest::Approx(199.3));
  CHECK(latency_quantile(c, 1.0) == doctest::Approx(200.0));
}

TEST_CASE("p99 finds the slow tail that p50 does not see") {
  LatencyCounts c{};
  c[latency_bucket(10)] = 980;   // fast: (8, 13]
  c[latency_bucket(2500)] = 20;  // slow: (2000, 3000]
  CHECK(latency_quantile(c, 0.5) <= 13.0);
  CHECK(latency_quantile(c, 0.5) > 8.0);
  CHECK(latency_quantile(c, 0.99) > 2000.0);
  CHECK(latency_quantile(c, 0.99) <= 3000.0);
}

TEST_CASE("a percentile in the unbounded last bucket answers its lower bound") {
  LatencyCounts c{};
  c[kLatencyBuckets - 1] = 3;
  CHECK(latency_quantile(c, 0.5) == doctest::Approx(30000.0));
}

}  // namespace gw
