// secret_scrub.cc - scrub_secrets (see secret_scrub.h): one table of
// patterns, one left-to-right scan.
#include "core/crypto/secret_scrub.h"

#include <cctype>

namespace gw {
namespace {

struct Pattern {
  std::string_view prefix;
  bool keep_prefix;          // "Bearer [redacted]" rather than "[redacted]"
  bool ignore_case;          // header names and "Bearer" come in any case
  size_t min_token;          // characters the secret needs after the prefix to count
  bool whole_value = false;  // the secret runs to the end of the line or quote ("Basic abc")
};

constexpr Pattern kPatterns[] = {
    {"gw_live_", false, false, 1},     {"gw_test_", false, false, 1},       {"sk-", false, false, 8},
    {"AIza", false, false, 20},        {"bearer ", true, true, 1},          {"x-api-key: ", true, true, 1},
    {"x-api-key:", true, true, 1},     {"x-goog-api-key: ", true, true, 1}, {"key=", true, false, 1},
    {"\"api_key\":\"", true, true, 1}, {"\"api_key\": \"", true, true, 1},  {"authorization: ", true, true, 1, true},
};

constexpr std::string_view kRedacted = "[redacted]";

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' ||
         c == '/' || c == '=';
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool starts_with_at(std::string_view text, size_t at, const Pattern& p) {
  if (text.size() - at < p.prefix.size()) return false;
  for (size_t i = 0; i < p.prefix.size(); ++i) {
    char a = text[at + i], b = p.prefix[i];
    if (p.ignore_case ? std::tolower(static_cast<unsigned char>(a)) != b : a != b) return false;
  }
  return true;
}

// Characters of secret after `from`.
size_t token_length(std::string_view text, size_t from, bool whole_value) {
  size_t n = 0;
  auto in_secret = [&](char c) { return whole_value ? c != '\n' && c != '\r' && c != '"' : token_char(c); };
  while (from + n < text.size() && in_secret(text[from + n])) ++n;
  return n;
}

}  // namespace

std::string scrub_secrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    bool boundary = i == 0 || !word_char(text[i - 1]);
    for (const Pattern& p : kPatterns) {
      if (!starts_with_at(text, i, p)) continue;
      if (!p.keep_prefix && !boundary) continue;  // "risk-free" is not a key
      size_t n = token_length(text, i + p.prefix.size(), p.whole_value);
      if (n < p.min_token) continue;
      if (p.keep_prefix) out.append(text.substr(i, p.prefix.size()));
      out += kRedacted;
      i += p.prefix.size() + n;
      replaced = true;
      break;
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace gw
