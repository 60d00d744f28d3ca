// semantic_search_bench.cc - what one semantic cache lookup's search costs:
// MemorySemanticIndex::nearest (brute force, one dot product per stored
// question) over 1k, 10k and 50k entries in ONE context - the worst case,
// since a search only scans the asking request's context - at 384
// dimensions (mock/embed-words) and 1536 (text-embedding-3-small). Not a
// test: build and run by hand,
//
//   cmake --build build --target gw_semantic_bench && build/tests/gw_semantic_bench
//
// Prints the median and p90 microseconds of a search (random unit vectors,
// threshold 0.95 so nothing but the scan is measured) and the matrix's MiB.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/cache/memory_semantic_index.h"

namespace {

std::vector<float> random_unit(std::mt19937& rng, size_t dims) {
  std::normal_distribution<float> normal;
  std::vector<float> v(dims);
  for (float& x : v) x = normal(rng);
  return *gw::unit_vector(v);
}

void measure(size_t entries, size_t dims) {
  std::mt19937 rng(42);
  gw::MemorySemanticIndex index(gw::system_clock(), {.max_entries = entries, .ttl_ms = 3'600'000});
  for (size_t i = 0; i < entries; ++i)
    index.insert({"context", "key" + std::to_string(i), "a stored question", random_unit(rng, dims)});
  std::vector<double> us;
  const int kSearches = entries >= 50'000 ? 50 : 200;
  for (int i = 0; i < kSearches; ++i) {
    auto q = random_unit(rng, dims);
    auto start = std::chrono::steady_clock::now();
    auto found = index.nearest("context", q, 0.95f, 4);
    auto end = std::chrono::steady_clock::now();
    if (!found.empty()) std::printf("(a random match)\n");
    us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  std::sort(us.begin(), us.end());
  std::printf("%6zu entries x %4zu dims (%6.1f MiB): search p50 %8.0f us, p90 %8.0f us\n", entries, dims,
              static_cast<double>(entries * dims * sizeof(float)) / (1 << 20), us[us.size() / 2],
              us[us.size() * 9 / 10]);
}

}  // namespace

int main() {
  for (size_t dims : {384, 1536})
    for (size_t entries : {1'000, 10'000, 50'000}) measure(entries, dims);
  return 0;
}
