// cassette_lint.cc - see cassette_lint.h. Pure; thread-safe.
#include "core/cassette/cassette_lint.h"

#include <cctype>
#include <cmath>
#include <map>
#include <regex>

namespace gw {
namespace {

struct Shape {
  const char* what;
  const char* pattern;
};

// Key shapes, anywhere in the text.
const Shape kShapes[] = {
    {"an Anthropic key (sk-ant-...)", R"(sk-ant-[A-Za-z0-9_\-]{8,})"},
    {"an OpenAI-style key (sk-...)", R"(\bsk-(?!ant-)[A-Za-z0-9_\-]{16,})"},
    {"a Google API key (AIza...)", R"(AIza[0-9A-Za-z_\-]{30,})"},
    {"a gw key (gw_live_/gw_test_...)", R"(\bgw_(live|test)_[A-Za-z0-9_\-]{8,})"},
    {"a bearer token", R"([Bb]earer\s+[A-Za-z0-9_\-\.=:+/]{16,})"},
};

// A JSON member or header whose name says credential, with its value.
const std::regex& credential_member() {
  static const std::regex re(
      R"re("([A-Za-z_\-]*(authorization|api[_\-]?key|token|secret|password|cookie)[A-Za-z_\-]*)\\?"\s*:\s*\\?"([^"\\]*))re",
      std::regex::icase);
  return re;
}

// Shannon entropy in bits per character.
double entropy(std::string_view s) {
  std::map<char, int> counts;
  for (char c : s) ++counts[c];
  double h = 0;
  for (const auto& [c, n] : counts) {
    double p = static_cast<double>(n) / static_cast<double>(s.size());
    h -= p * std::log2(p);
  }
  return h;
}

bool looks_random(std::string_view value) {
  if (value.size() < 16 || value.find("redacted") != std::string_view::npos) return false;
  for (char c : value)
    if (std::isspace(static_cast<unsigned char>(c))) return false;  // words, not a token
  return entropy(value) >= 3.5;
}

std::string masked(std::string_view s) {
  return std::string(s.substr(0, std::min<size_t>(4, s.size()))) + "…(" + std::to_string(s.size()) + " chars)";
}

}  // namespace

std::vector<LintFinding> lint_cassette(std::string_view text) {
  std::vector<LintFinding> out;
  int number = 0;
  for (size_t start = 0; start <= text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    start = end + 1;
    for (const Shape& shape : kShapes) {
      static thread_local std::map<const char*, std::regex> compiled;
      auto [it, fresh] = compiled.try_emplace(shape.pattern, shape.pattern);
      for (std::sregex_iterator m(line.begin(), line.end(), it->second), e; m != e; ++m)
        out.push_back({number + 1, shape.what, masked(m->str())});
    }
    for (std::sregex_iterator m(line.begin(), line.end(), credential_member()), e; m != e; ++m)
      if (looks_random((*m)[3].str()))
        out.push_back({number + 1, "a credential-like value of \"" + (*m)[1].str() + "\"", masked((*m)[3].str())});
    if (end == text.size()) break;
  }
  return out;
}

}  // namespace gw
