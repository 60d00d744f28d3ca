// json_string_run.cc - the word-at-a-time halves of json_string_run.h.
#include "core/json/json_string_run.h"

#include <cstdint>
#include <cstring>

namespace gw::json_string_run_detail {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;

// Non-zero when some byte of `w` is below `n` (n <= 128; exact: never zero
// when one is).
uint64_t has_byte_below(uint64_t w, unsigned char n) { return (w - kOnes * n) & ~w & kHighs; }
// Non-zero when some byte of `w` equals `c`.
uint64_t has_byte(uint64_t w, unsigned char c) { return has_byte_below(w ^ (kOnes * c), 1); }

uint64_t load(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

}  // namespace

size_t end_of_plain_ascii_long(const char* s, size_t i, size_t size) {
  for (; i + 8 <= size; i += 8) {
    const uint64_t w = load(s + i);
    if (has_byte_below(w, 0x20) | (w & kHighs) | has_byte(w, '"') | has_byte(w, '\\')) break;
  }
  while (i < size && kPlain[static_cast<unsigned char>(s[i])]) ++i;
  return i;
}

size_t end_of_unescaped_long(const char* s, size_t i, size_t size) {
  for (; i + 8 <= size; i += 8) {
    const uint64_t w = load(s + i);
    if (has_byte(w, '"') | has_byte(w, '\\')) break;
  }
  while (i < size && s[i] != '"' && s[i] != '\\') ++i;
  return i;
}

}  // namespace gw::json_string_run_detail
