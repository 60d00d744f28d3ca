// field_chars.h - which bytes may appear where in an HTTP/1.1 message
// (RFC 9110 section 5.6.2 tokens, section 5.5 field values), as tables: every
// byte of every header of every request is checked. Pure; thread-safe.
#pragma once

#include <array>
#include <string_view>

namespace gw {

namespace field_chars_detail {

// tchar: field names, methods, chunk extension names.
inline constexpr auto kTchar = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

// Bytes a field value may hold: VCHAR, SP, HTAB and obs-text (0x80-0xFF);
// never CR, LF, NUL or another control byte.
inline constexpr auto kValueByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c == '\t' || (c >= 0x20 && c != 0x7f);
  return t;
}();

}  // namespace field_chars_detail

inline bool is_tchar(char c) { return field_chars_detail::kTchar[static_cast<unsigned char>(c)]; }

// A non-empty run of tchar.
inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

inline bool is_field_value_byte(char c) { return field_chars_detail::kValueByte[static_cast<unsigned char>(c)]; }

// True when no byte of `value` is a control byte other than HTAB.
inline bool is_field_value(std::string_view value) {
  for (char c : value)
    if (!is_field_value_byte(c)) return false;
  return true;
}

}  // namespace gw
