// json_scan.cc - a validating JSON scanner. Contracts in json_scan.h.
#include "core/json_scan.h"

namespace gw {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  // Scans the whole text as one value; `top` (when set) collects the
  // object's top-level members.
  bool document(std::span<const std::string_view> names, std::vector<std::string_view>* found) {
    names_ = names;
    found_ = found;
    skip_ws();
    if (i_ >= s_.size() || s_[i_] != '{') return false;
    if (!value(0)) return false;
    skip_ws();
    return i_ == s_.size();
  }

 private:
  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }

  bool value(int depth) {
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
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
    for (size_t k = 0; k < names_.size(); ++k)
      if (names_[k] == key) (*found_)[k] = raw;
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

  bool string() {
    ++i_;  // opening quote
    while (i_ < s_.size()) {
      auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) return false;
        char e = s_[i_ + 1];
        if (e == 'u') {
          if (i_ + 6 > s_.size() || !hex(s_[i_ + 2]) || !hex(s_[i_ + 3]) || !hex(s_[i_ + 4]) || !hex(s_[i_ + 5]))
            return false;
          i_ += 6;
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
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }

  bool number() {
    if (at('-')) ++i_;
    if (at('0')) {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    if (at('.')) {
      ++i_;
      if (!digits()) return false;
    }
    if (at('e') || at('E')) {
      ++i_;
      if (at('+') || at('-')) ++i_;
      if (!digits()) return false;
    }
    return true;
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
};

}  // namespace

std::optional<std::vector<std::string_view>> top_level_members(std::string_view text,
                                                              std::span<const std::string_view> names) {
  std::vector<std::string_view> found(names.size());
  if (!Scanner(text).document(names, &found)) return std::nullopt;
  return found;
}

}  // namespace gw
