// edit_distance.h - Levenshtein distance, case-insensitive (ASCII), bounded,
// for "did you mean" suggestions (models, providers, commands). Pure;
// thread-safe.
//
// Bounded: the answer is exact up to `max` and max + 1 for anything further,
// so a suggestion search costs O(max * size) per candidate instead of
// O(a.size() * b.size()): a pair whose lengths differ by more than `max` costs
// nothing, only the band of cells within `max` of the diagonal is computed,
// and the search stops at the first row whose cells all exceed `max`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// The edit distance of `a` and `b` when it is at most `max`, else max + 1.
// `cells`, when given, receives the number of table cells computed (for
// tests that check the bound).
size_t edit_distance(std::string_view a, std::string_view b, size_t max, size_t* cells = nullptr);

// The first of `names` closest to `word` within `max` edits, or "" when none
// is that close: the one rule every "did you mean" in gw follows.
std::string closest_name(std::string_view word, const std::vector<std::string>& names, size_t max = 2);

}  // namespace gw
