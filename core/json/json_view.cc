// json_view.cc - contracts in json_view.h. The text is known to be valid, so
// skipping a value only has to find where it ends: the closing quote of a
// string (stepping over escapes), the bracket that closes a container, the
// delimiter after a number or literal.
#include "core/json/json_view.h"

#include <charconv>

#include "core/base/ascii_text.h"
#include "core/json/json_string_run.h"

namespace gw {
namespace {

bool blank(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && blank(s[i])) ++i;
  return i;
}

// From the opening quote at s[i] to just past the closing one.
size_t skip_string(std::string_view s, size_t i) {
  for (size_t k = i + 1;;) {
    k = end_of_unescaped(s.data(), k, s.size());
    if (k >= s.size()) return s.size();
    if (s[k] == '"') return k + 1;
    k += 2;  // an escape: the backslash and the character after it
  }
}

// From the first character of a value to just past its end.
size_t skip_value(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  const char c = s[i];
  if (c == '"') return skip_string(s, i);
  if (c == '{' || c == '[') {
    int depth = 0;
    while (i < s.size()) {
      const char d = s[i];
      if (d == '"') {
        i = skip_string(s, i);
        continue;
      }
      if (d == '{' || d == '[') {
        ++depth;
      } else if ((d == '}' || d == ']') && --depth == 0) {
        return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !blank(s[i])) ++i;
  return i;
}

// The inside of a string value (between its quotes).
std::string_view inside(std::string_view value) { return value.substr(1, value.size() - 2); }

// The code point of the \u escape (or surrogate pair) at s[i], and where it ends.
char32_t unicode_escape(std::string_view s, size_t& i) {
  auto unit = [&](size_t at) {
    char32_t v = 0;
    for (size_t k = at + 2; k < at + 6 && k < s.size(); ++k) v = v * 16 + static_cast<char32_t>(hex_digit_value(s[k]));
    return v;
  };
  char32_t cp = unit(i);
  i += 6;
  if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= s.size()) {  // valid text: a low surrogate follows
    cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i) - 0xDC00);
    i += 6;
  }
  return cp;
}

size_t utf8_size(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char simple_escape(char e) {
  switch (e) {
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return e;  // " \ /
  }
}

}  // namespace

JsonType json_type(std::string_view value) {
  if (value.empty()) return JsonType::kNull;
  switch (value[0]) {
    case '{':
      return JsonType::kObject;
    case '[':
      return JsonType::kArray;
    case '"':
      return JsonType::kString;
    case 't':
    case 'f':
      return JsonType::kBoolean;
    case 'n':
      return JsonType::kNull;
    default:
      return JsonType::kNumber;
  }
}

JsonMembers::JsonMembers(std::string_view object) : s_(object) {
  i_ = skip_blanks(s_, 0);
  i_ = i_ < s_.size() && s_[i_] == '{' ? i_ + 1 : s_.size();
}

bool JsonMembers::next(std::string_view& name, std::string_view& value) {
  i_ = skip_blanks(s_, i_);
  if (i_ < s_.size() && s_[i_] == ',') i_ = skip_blanks(s_, i_ + 1);
  if (i_ >= s_.size() || s_[i_] != '"') return false;
  const size_t name_end = skip_string(s_, i_);
  name = s_.substr(i_ + 1, name_end - i_ - 2);
  i_ = skip_blanks(s_, name_end);
  if (i_ >= s_.size() || s_[i_] != ':') return false;
  i_ = skip_blanks(s_, i_ + 1);
  const size_t start = i_;
  i_ = skip_value(s_, i_);
  value = s_.substr(start, i_ - start);
  return true;
}

JsonElements::JsonElements(std::string_view array) : s_(array) {
  i_ = skip_blanks(s_, 0);
  i_ = i_ < s_.size() && s_[i_] == '[' ? i_ + 1 : s_.size();
}

bool JsonElements::next(std::string_view& value) {
  i_ = skip_blanks(s_, i_);
  if (i_ < s_.size() && s_[i_] == ',') i_ = skip_blanks(s_, i_ + 1);
  if (i_ >= s_.size() || s_[i_] == ']') return false;
  const size_t start = i_;
  i_ = skip_value(s_, i_);
  value = s_.substr(start, i_ - start);
  return true;
}

std::string_view json_member(std::string_view object, std::string_view name) {
  std::string_view found, n, v;
  for (JsonMembers m(object); m.next(n, v);)
    if (n == name) found = v;
  return found;
}

std::optional<int64_t> json_integer(std::string_view value) {
  const bool negative = !value.empty() && value[0] == '-';
  const std::string_view digits = value.substr(negative ? 1 : 0);
  if (digits.empty() || digits[0] < '0' || digits[0] > '9') return std::nullopt;
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  // A fraction or exponent makes it a float; so does a magnitude beyond uint64.
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (negative) {
    if (magnitude > uint64_t{1} << 63) return std::nullopt;  // below INT64_MIN: a float
    return static_cast<int64_t>(0 - magnitude);
  }
  return static_cast<int64_t>(magnitude);  // above INT64_MAX: nlohmann's unsigned, cast as get<int64_t>() does
}

std::optional<double> json_number(std::string_view value) {
  if (json_type(value) != JsonType::kNumber) return std::nullopt;
  double d = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
  // Valid text holds no number beyond the double range (json_scan refuses
  // those, as nlohmann does), so out of range means too small: zero.
  if (ec == std::errc::result_out_of_range) return value[0] == '-' ? -0.0 : 0.0;
  if (ec != std::errc()) return std::nullopt;
  return d;
}

std::optional<bool> json_boolean(std::string_view value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

std::optional<std::string> json_string(std::string_view value) {
  if (json_type(value) != JsonType::kString) return std::nullopt;
  const std::string_view s = inside(value);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t slash = s.find('\\', i);
    out.append(s.substr(i, slash - i));
    if (slash == std::string_view::npos) break;
    i = slash;
    if (i + 1 < s.size() && s[i + 1] == 'u') {
      append_utf8(out, unicode_escape(s, i));
    } else {
      out += simple_escape(i + 1 < s.size() ? s[i + 1] : '\\');
      i += 2;
    }
  }
  return out;
}

size_t json_string_size(std::string_view value) {
  if (json_type(value) != JsonType::kString) return 0;
  const std::string_view s = inside(value);
  size_t size = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t slash = s.find('\\', i);
    if (slash == std::string_view::npos) return size + (s.size() - i);
    size += slash - i;
    i = slash;
    if (i + 1 < s.size() && s[i + 1] == 'u') {
      size += utf8_size(unicode_escape(s, i));
    } else {
      size += 1;
      i += 2;
    }
  }
  return size;
}

bool json_string_equals(std::string_view value, std::string_view text) {
  if (json_type(value) != JsonType::kString) return false;
  const std::string_view s = inside(value);
  if (s.find('\\') == std::string_view::npos) return s == text;
  return json_string(value) == text;
}

}  // namespace gw
