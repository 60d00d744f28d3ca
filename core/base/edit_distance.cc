// edit_distance.cc - the banded Levenshtein table. Pure; thread-safe.
#include "core/base/edit_distance.h"

#include <algorithm>
#include <vector>

namespace gw {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b, size_t max, size_t* cells) {
  if (cells) *cells = 0;
  const size_t over = max + 1;
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > max) return over;
  // Row i holds the distances of a[0, i) to b[0, j). A cell with |i - j| > max
  // is over the bound whatever it holds, so only the band is computed and
  // the cells just outside it read as `outside`.
  const size_t outside = over + 1;
  std::vector<size_t> prev(b.size() + 1, outside), cur(b.size() + 1, outside);
  for (size_t j = 0; j <= std::min(b.size(), max); ++j) prev[j] = j;
  size_t computed = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t lo = i > max ? i - max : 0;
    size_t hi = std::min(b.size(), i + max);
    size_t row_min = outside;
    if (lo == 0) {
      cur[0] = i;
      row_min = i;
    } else {
      cur[lo - 1] = outside;
    }
    for (size_t j = std::max<size_t>(lo, 1); j <= hi; ++j) {
      size_t sub = prev[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub, outside});
      row_min = std::min(row_min, cur[j]);
    }
    computed += hi + 1 - std::max<size_t>(lo, 1);
    if (hi < b.size()) cur[hi + 1] = outside;
    if (row_min > max) {  // every path from here on costs more
      if (cells) *cells = computed;
      return over;
    }
    std::swap(prev, cur);
  }
  if (cells) *cells = computed;
  return std::min(prev[b.size()], over);
}

std::string closest_name(std::string_view word, const std::vector<std::string>& names, size_t max) {
  std::string best;
  size_t best_distance = max + 1;
  for (const std::string& n : names) {
    size_t d = edit_distance(word, n, max);
    if (d < best_distance) best_distance = d, best = n;
  }
  return best;
}

}  // namespace gw
