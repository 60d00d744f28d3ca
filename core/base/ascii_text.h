// ascii_text.h - small ASCII text helpers shared by the parsers of security
// inputs (allowlists, signature headers, e-mail domains). Locale-independent:
// only the 7-bit ASCII letters, digits and blanks are special. Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// 'A'-'Z' -> 'a'-'z'; every other byte (including UTF-8) unchanged.
std::string ascii_lower(std::string_view text);

// Drops leading and trailing spaces, tabs, CR and LF.
std::string_view trim_blanks(std::string_view text);

// Splits on every `sep`; "a,,b" -> {"a", "", "b"}; "" -> {""}. Views point
// into `text`, which must outlive them.
std::vector<std::string_view> split(std::string_view text, char sep);

// A non-negative decimal integer made of digits only (no sign, no blanks).
// nullopt when empty, not all digits, or above INT64_MAX.
std::optional<int64_t> parse_decimal(std::string_view digits);

// The value of one hex digit (0-9, a-f, A-F), or -1 for any other byte.
int hex_digit_value(char c);

}  // namespace gw
