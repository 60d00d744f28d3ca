// json_string_run.h - where a run of ordinary bytes inside a JSON string
// ends, for the scanners in json_scan.cc and json_view.cc. The first bytes
// are looked at one by one, inline (most strings are short names and
// values); a string still going after that continues out of line eight
// bytes at a time (SWAR: bit tricks on a 64-bit word), ~2 instructions a
// byte instead of ~5 on long prompts and completions.
//
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

namespace gw {
namespace json_string_run_detail {

inline constexpr size_t kBytewise = 32;  // bytes looked at one by one first (names, ids, short values)

// Printable ASCII but the quote and the backslash.
inline constexpr auto kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// The long-string halves of the functions below (json_string_run.cc).
size_t end_of_plain_ascii_long(const char* s, size_t i, size_t size);
size_t end_of_unescaped_long(const char* s, size_t i, size_t size);

}  // namespace json_string_run_detail

// The first index at or after `i` in s[0, size) of a byte a validating
// scanner must look at (not printable ASCII, a quote or a backslash); `size`
// when none.
inline size_t end_of_plain_ascii(const char* s, size_t i, size_t size) {
  using namespace json_string_run_detail;
  const size_t head = std::min(size, i + kBytewise);
  while (i < head && kPlain[static_cast<unsigned char>(s[i])]) ++i;
  return i < head || i == size ? i : end_of_plain_ascii_long(s, i, size);
}

// The first index at or after `i` of a quote or a backslash; `size` when
// none. For a scanner that only looks for where a valid string ends.
inline size_t end_of_unescaped(const char* s, size_t i, size_t size) {
  using namespace json_string_run_detail;
  const size_t head = std::min(size, i + kBytewise);
  while (i < head && s[i] != '"' && s[i] != '\\') ++i;
  return i < head || i == size ? i : end_of_unescaped_long(s, i, size);
}

}  // namespace gw
