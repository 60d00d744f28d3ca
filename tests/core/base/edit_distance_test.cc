// Tests for core/base/edit_distance.h: the bounded distance agrees with the
// full Levenshtein table up to its bound, and its cost is bounded by the
// band, not by the inputs' sizes.
#include "core/base/edit_distance.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gw {
namespace {

// The textbook full table, case-insensitive: the reference.
size_t full_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

TEST_CASE("edit distance: exact up to the bound, bound + 1 beyond, on every pair of small words") {
  std::vector<std::string> words = {"",
                                    "a",
                                    "A",
                                    "ab",
                                    "ba",
                                    "abc",
                                    "gpt4o",
                                    "gpt-4o",
                                    "GPT-4O",
                                    "openai/gpt-4o",
                                    "claude-3-5-sonnet",
                                    "kitten",
                                    "sitting",
                                    "aaaa",
                                    "bbbbbbbb",
                                    "models"};
  // Words built from a small alphabet, to reach the band's edges often.
  for (unsigned seed = 0; seed < 200; ++seed) {
    std::string w;
    for (unsigned x = seed * 2654435761u, n = seed % 9; n > 0; --n, x = x * 1103515245u + 12345u)
      w += "abC"[(x >> 16) % 3];
    words.push_back(w);
  }
  for (const std::string& a : words)
    for (const std::string& b : words) {
      size_t full = full_distance(a, b);
      for (size_t max : {0u, 1u, 2u, 3u, 5u, 20u}) {
        CAPTURE(a);
        CAPTURE(b);
        CAPTURE(max);
        CHECK(edit_distance(a, b, max) == std::min(full, max + 1));
      }
    }
  CHECK(edit_distance("kitten", "sitting", 3) == 3);
  CHECK(edit_distance("GPT-4o", "gpt-4o", 0) == 0);  // case does not count
}

TEST_CASE("edit distance: a 200 KB name against a catalog ID computes no cell at all") {
  std::string huge(200 * 1024, 'x');
  size_t cells = 123;
  CHECK(edit_distance(huge, "openai/gpt-4o", 3, &cells) == 4);
  CHECK(cells == 0);  // the lengths alone rule it out
  CHECK(edit_distance("openai/gpt-4o", huge, 85, &cells) == 86);
  CHECK(cells == 0);
}

TEST_CASE("edit distance: long inputs of equal size cost the band, and unlike ones stop after a few rows") {
  std::string a(200 * 1024, 'a'), b(200 * 1024, 'a');
  b[1000] = 'b';
  size_t cells = 0;
  CHECK(edit_distance(a, b, 2, &cells) == 1);
  CHECK(cells <= a.size() * 5);  // the band is 2 * max + 1 wide; the full table would be a.size() squared
  std::string c(200 * 1024, 'c');
  CHECK(edit_distance(a, c, 2, &cells) == 3);
  CHECK(cells <= 3 * 5);  // every cell of row 3 is over the bound: stop there
}

}  // namespace gw

TEST_CASE("closest_name: the nearest name within the bound, else nothing") {
  const std::vector<std::string> names = {"groq", "openai", "anthropic"};
  CHECK(gw::closest_name("grok", names) == "groq");
  CHECK(gw::closest_name("OPENAI", names) == "openai");
  CHECK(gw::closest_name("mistral", names) == "");
  CHECK(gw::closest_name("antropic", names, 1) == "anthropic");
}
