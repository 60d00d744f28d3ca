// json_scan.cc - a validating JSON scanner. Contracts in json_scan.h.
#include "core/json/json_scan.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "core/json/json_string_run.h"

namespace gw {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  // Scans the whole text as one value; `top` (when set) collects the
  // object's top-level members.
  bool document(std::span<const std::string_view> names, std::vector<std::string_view>* found,
                std::span<const std::string_view> known = {}, std::vector<std::string_view>* others = nullptr) {
    names_ = names;
    found_ = found;
    known_ = known;
    others_ = others;
    skip_ws();
    if (i_ >= s_.size() || s_[i_] != '{') return false;
    if (!value(0)) return false;
    skip_ws();
    return i_ == s_.size();
  }

 private:
  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }

  void skip_ws() {
    if (i_ < s_.size() && static_cast<unsigned char>(s_[i_]) > ' ') return;  // the usual case: no blank here
    size_t i = i_;
    while (i < s_.size() && (s_[i] == ' ' || s_[i] == '\n' || s_[i] == '\r' || s_[i] == '\t')) ++i;
    i_ = i;
  }

  bool value(int depth) {
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  bool object(int depth) {
    if (depth > kMaxJsonScanDepth) return false;
    ++i_;  // '{'
    skip_ws();
    if (at('}')) {
      ++i_;
      return true;
    }
    for (;;) {
      skip_ws();
      size_t key_start = i_ + 1;
      if (!at('"') || !string()) return false;
      std::string_view key = s_.substr(key_start, i_ - 1 - key_start);
      skip_ws();
      if (!at(':')) return false;
      ++i_;
      skip_ws();
      size_t value_start = i_;
      if (!value(depth)) return false;
      if (depth == 1 && found_) record(key, s_.substr(value_start, i_ - value_start));
      skip_ws();
      if (at('}')) {
        ++i_;
        return true;
      }
      if (!at(',')) return false;
      ++i_;
    }
  }

  bool array(int depth) {
    if (depth > kMaxJsonScanDepth) return false;
    ++i_;  // '['
    skip_ws();
    if (at(']')) {
      ++i_;
      return true;
    }
    for (;;) {
      skip_ws();
      if (!value(depth)) return false;
      skip_ws();
      if (at(']')) {
        ++i_;
        return true;
      }
      if (!at(',')) return false;
      ++i_;
    }
  }

  void record(std::string_view key, std::string_view raw) {
    bool named = false;
    for (size_t k = 0; k < names_.size(); ++k)
      if (names_[k] == key) {
        (*found_)[k] = raw;
        named = true;
      }
    if (named || !others_) return;
    for (std::string_view k : known_)
      if (k == key) return;
    others_->push_back(key);
  }

  static bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
  static bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

  // A UTF-8 sequence of 2-4 bytes starting at s_[i_] (RFC 3629: no
  // overlongs, no surrogates, nothing above U+10FFFF).
  bool utf8() {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s_[i_ + k]); };
    unsigned char c = b(0);
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i_ + n > s_.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if (!continuation(b(k))) return false;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0) || (c == 0xF0 && b(1) < 0x90) ||
        (c == 0xF4 && b(1) >= 0x90))
      return false;
    i_ += n;
    return true;
  }

  // The four hex digits of a \u escape at s_[i_] (-1 if they are not).
  int code_unit(size_t at) const {
    if (at + 6 > s_.size() || s_[at] != '\\' || s_[at + 1] != 'u') return -1;
    int v = 0;
    for (size_t k = at + 2; k < at + 6; ++k) {
      char c = s_[k];
      if (!hex(c)) return -1;
      v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  }

  // A \u escape, or a surrogate pair of them: a high surrogate must be
  // followed by a low one, and a low one must not stand alone (as
  // nlohmann::json decides).
  bool unicode_escape() {
    int unit = code_unit(i_);
    if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;
    i_ += 6;
    if (unit < 0xD800 || unit > 0xDBFF) return true;
    int low = code_unit(i_);
    if (low < 0xDC00 || low > 0xDFFF) return false;
    i_ += 6;
    return true;
  }

  bool string() {
    ++i_;  // opening quote
    const char* const data = s_.data();
    const size_t size = s_.size();
    while (i_ < size) {
      // Runs of printable ASCII other than " and \ (most of any text), quickly.
      i_ = end_of_plain_ascii(data, i_, size);
      if (i_ >= size) break;
      auto c = static_cast<unsigned char>(data[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) return false;
        char e = s_[i_ + 1];
        if (e == 'u') {
          if (!unicode_escape()) return false;
        } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos) {
          i_ += 2;
        } else {
          return false;
        }
      } else if (c < 0x80) {
        ++i_;
      } else if (!utf8()) {
        return false;
      }
    }
    return false;  // unterminated
  }

  bool digits() {
    size_t i = i_;
    while (i < s_.size() && s_[i] >= '0' && s_[i] <= '9') ++i;
    const bool any = i > i_;
    i_ = i;
    return any;
  }

  bool number() {
    const size_t start = i_;
    if (at('-')) ++i_;
    const size_t int_start = i_;
    if (at('0')) {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    // nlohmann reads integers of up to 19 digits exactly, longer ones and
    // every fraction or exponent as a double, and refuses a double that
    // overflows.
    bool is_double = i_ - int_start > 19;
    if (at('.')) {
      ++i_;
      if (!digits()) return false;
      is_double = true;
    }
    if (at('e') || at('E')) {
      ++i_;
      if (at('+') || at('-')) ++i_;
      if (!digits()) return false;
      is_double = true;
    }
    return !is_double || finite_double(s_.substr(start, i_ - start));
  }

  // False when the number is beyond the double range (strtod's infinity).
  // One that is too small instead becomes 0, which is fine.
  static bool finite_double(std::string_view number) {
    double d = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), d);
    return ec != std::errc::result_out_of_range || decimal_exponent(number) <= 0;
  }

  // The power of ten of the number's first significant digit, plus one
  // ("123.4" -> 3, "0.05" -> -1, "5e-3" -> -2); far out of range it
  // saturates. Only its sign matters: to tell an overflow from an underflow.
  static int64_t decimal_exponent(std::string_view number) {
    constexpr int64_t kFar = int64_t{1} << 40;
    size_t i = number[0] == '-' ? 1 : 0;
    size_t int_digits = 0;
    while (i < number.size() && number[i] >= '0' && number[i] <= '9') ++i, ++int_digits;
    int64_t position = number[i - int_digits] == '0' ? 0 : static_cast<int64_t>(int_digits);
    if (i < number.size() && number[i] == '.') {
      ++i;
      int64_t zeros = 0;
      while (i < number.size() && number[i] == '0') ++i, ++zeros;
      if (position == 0) position = -zeros;
      while (i < number.size() && number[i] >= '0' && number[i] <= '9') ++i;
    }
    int64_t exponent = 0;
    if (i < number.size() && (number[i] == 'e' || number[i] == 'E')) {
      ++i;
      const bool negative = number[i] == '-';
      if (number[i] == '-' || number[i] == '+') ++i;
      for (; i < number.size(); ++i) exponent = std::min(kFar, exponent * 10 + (number[i] - '0'));
      if (negative) exponent = -exponent;
    }
    return position + exponent;
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::span<const std::string_view> names_;
  std::vector<std::string_view>* found_ = nullptr;
  std::span<const std::string_view> known_;  // names neither found nor other
  std::vector<std::string_view>* others_ = nullptr;
};

}  // namespace

std::optional<std::vector<std::string_view>> top_level_members(std::string_view text,
                                                               std::span<const std::string_view> names) {
  std::vector<std::string_view> found(names.size());
  if (!Scanner(text).document(names, &found)) return std::nullopt;
  return found;
}

std::optional<std::vector<std::string_view>> top_level_members(std::string_view text,
                                                               std::span<const std::string_view> names,
                                                               std::span<const std::string_view> known,
                                                               std::vector<std::string_view>& others) {
  std::vector<std::string_view> found(names.size());
  if (!Scanner(text).document(names, &found, known, &others)) return std::nullopt;
  return found;
}

bool is_json_object(std::string_view text) { return Scanner(text).document({}, nullptr); }

}  // namespace gw
