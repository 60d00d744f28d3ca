#include "core/base/money.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace gw {
namespace {

// Parses [-]digits[.digits] into an integer scaled by 10^scale. Rejects more
// than `scale` fractional digits, empty parts and overflow.
std::optional<int64_t> parse_scaled(std::string_view s, int scale) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  bool any_digit = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    if (__builtin_mul_overflow(whole, 10, &whole) || __builtin_add_overflow(whole, s[i] - '0', &whole))
      return std::nullopt;
    any_digit = true;
  }
  int64_t frac = 0;
  int frac_digits = 0;
  if (i < s.size()) {  // at '.'
    ++i;
    if (i == s.size() && !any_digit) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      if (++frac_digits > scale) return std::nullopt;
      frac = frac * 10 + (s[i] - '0');
      any_digit = true;
    }
  }
  if (!any_digit) return std::nullopt;
  for (int d = frac_digits; d < scale; ++d) frac *= 10;
  int64_t pow = 1;
  for (int d = 0; d < scale; ++d) pow *= 10;
  int64_t total = 0;
  if (__builtin_mul_overflow(whole, pow, &total) || __builtin_add_overflow(total, frac, &total)) return std::nullopt;
  return negative ? -total : total;
}

// Formats value / 10^scale exactly, trimming trailing zeros but keeping at
// least `min_frac` fractional digits.
std::string format_scaled(int64_t value, int scale, int min_frac) {
  bool negative = value < 0;
  // Work in unsigned to survive INT64_MIN.
  uint64_t mag = negative ? (~static_cast<uint64_t>(value) + 1) : static_cast<uint64_t>(value);
  uint64_t pow = 1;
  for (int d = 0; d < scale; ++d) pow *= 10;
  char buf[48];  // sign, 20 digits, point, up to 18 decimals
  char* p = buf;
  if (negative) *p++ = '-';
  p = std::to_chars(p, buf + sizeof buf, mag / pow).ptr;
  char frac[20];
  uint64_t f = mag % pow;
  for (int d = scale - 1; d >= 0; --d, f /= 10) frac[d] = static_cast<char>('0' + f % 10);
  int digits = scale;
  while (digits > min_frac && frac[digits - 1] == '0') --digits;
  if (digits > 0) {
    *p++ = '.';
    std::memcpy(p, frac, static_cast<size_t>(digits));
    p += digits;
  }
  return std::string(buf, p);
}

}  // namespace

std::optional<Money> Money::parse(std::string_view text) {
  auto v = parse_scaled(text, kScaleDigits);
  if (!v) return std::nullopt;
  return Money(*v);
}

std::string Money::to_string() const { return format_scaled(units_, kScaleDigits, 2); }

std::optional<Money> Money::plus(Money other) const {
  int64_t r;
  if (__builtin_add_overflow(units_, other.units_, &r)) return std::nullopt;
  return Money(r);
}

std::optional<Money> Money::minus(Money other) const {
  int64_t r;
  if (__builtin_sub_overflow(units_, other.units_, &r)) return std::nullopt;
  return Money(r);
}

std::optional<Money> Money::times(int64_t count) const {
  int64_t r;
  if (__builtin_mul_overflow(units_, count, &r)) return std::nullopt;
  return Money(r);
}

// USD per million tokens with 4 decimals == Money units (1e-10 USD) per token.
std::optional<TokenPrice> TokenPrice::parse_per_million(std::string_view usd_per_million) {
  auto v = parse_scaled(usd_per_million, 4);
  if (!v || *v < 0) return std::nullopt;
  return TokenPrice(*v);
}

std::string TokenPrice::per_million_string() const { return format_scaled(units_, 4, 2); }

std::optional<Money> TokenPrice::cost(int64_t tokens) const {
  if (tokens < 0) return std::nullopt;
  return Money::from_units(units_).times(tokens);
}

}  // namespace gw
