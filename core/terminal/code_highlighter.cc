// code_highlighter.cc - see code_highlighter.h. Pure; thread-compatible.
#include "core/terminal/code_highlighter.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/terminal/ansi.h"

namespace gw {
namespace {

constexpr std::string_view kKeywordStyle = ansi::kMagenta;
constexpr std::string_view kStringStyle = ansi::kGreen;
constexpr std::string_view kCommentStyle = ansi::kDim;
constexpr std::string_view kNumberStyle = ansi::kCyan;

// Keyword lists, one per language (sorted is not required; they are short).
constexpr std::array kCKeywords = {
    "auto",     "bool",     "break",   "case",      "catch",  "char",     "class", "const",     "constexpr",
    "continue", "default",  "delete",  "do",        "double", "else",     "enum",  "explicit",  "false",
    "float",    "for",      "if",      "include",   "inline", "int",      "long",  "namespace", "new",
    "nullptr",  "override", "private", "protected", "public", "return",   "short", "signed",    "sizeof",
    "static",   "struct",   "switch",  "template",  "this",   "throw",    "true",  "try",       "typedef",
    "typename", "unsigned", "using",   "virtual",   "void",   "volatile", "while"};
constexpr std::array kPythonKeywords = {
    "and",      "as",    "assert",  "async", "await", "break",  "class", "continue", "def", "del",   "elif",   "else",
    "except",   "False", "finally", "for",   "from",  "global", "if",    "import",   "in",  "is",    "lambda", "None",
    "nonlocal", "not",   "or",      "pass",  "raise", "return", "self",  "True",     "try", "while", "with",   "yield"};
constexpr std::array kJsKeywords = {"async",    "await",      "break",     "case",  "catch",    "class",  "const",
                                    "continue", "default",    "delete",    "do",    "else",     "export", "extends",
                                    "false",    "finally",    "for",       "from",  "function", "if",     "import",
                                    "in",       "instanceof", "interface", "let",   "new",      "null",   "of",
                                    "return",   "switch",     "this",      "throw", "true",     "try",    "type",
                                    "typeof",   "undefined",  "var",       "void",  "while",    "yield"};
constexpr std::array kGoKeywords = {"break",  "case",      "chan",   "const", "continue", "default", "defer",
                                    "else",   "false",     "for",    "func",  "go",       "goto",    "if",
                                    "import", "interface", "map",    "nil",   "package",  "range",   "return",
                                    "select", "struct",    "switch", "true",  "type",     "var"};
constexpr std::array kRustKeywords = {
    "as",   "async", "await",  "break",  "const", "continue", "crate", "else", "enum",   "false", "fn",    "for",
    "if",   "impl",  "in",     "let",    "loop",  "match",    "mod",   "move", "mut",    "pub",   "ref",   "return",
    "self", "Self",  "static", "struct", "super", "trait",    "true",  "type", "unsafe", "use",   "where", "while"};
constexpr std::array kShellKeywords = {"case", "do",  "done",     "echo", "elif", "else",  "esac",   "exit", "export",
                                       "fi",   "for", "function", "if",   "in",   "local", "return", "then", "while"};
constexpr std::array kJsonKeywords = {"true", "false", "null"};

template <size_t N>
bool contains(const std::array<const char*, N>& words, std::string_view word) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return word == w; });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

CodeHighlighter::CodeHighlighter(std::string_view language) {
  std::string l = lower(language);
  if (l == "c" || l == "cpp" || l == "c++" || l == "cc" || l == "h" || l == "hpp" || l == "cxx" || l == "java")
    lang_ = Lang::kC;
  else if (l == "python" || l == "py") lang_ = Lang::kPython;
  else if (l == "javascript" || l == "js" || l == "typescript" || l == "ts" || l == "jsx" || l == "tsx")
    lang_ = Lang::kJs;
  else if (l == "go" || l == "golang") lang_ = Lang::kGo;
  else if (l == "rust" || l == "rs") lang_ = Lang::kRust;
  else if (l == "sh" || l == "bash" || l == "shell" || l == "zsh" || l == "console") lang_ = Lang::kShell;
  else if (l == "json") lang_ = Lang::kJson;
}

bool CodeHighlighter::is_keyword(std::string_view word) const {
  switch (lang_) {
    case Lang::kC:
      return contains(kCKeywords, word);
    case Lang::kPython:
      return contains(kPythonKeywords, word);
    case Lang::kJs:
      return contains(kJsKeywords, word);
    case Lang::kGo:
      return contains(kGoKeywords, word);
    case Lang::kRust:
      return contains(kRustKeywords, word);
    case Lang::kShell:
      return contains(kShellKeywords, word);
    case Lang::kJson:
      return contains(kJsonKeywords, word);
    case Lang::kNone:
      return false;
  }
  return false;
}

std::string CodeHighlighter::line(std::string_view text) {
  if (lang_ == Lang::kNone) return std::string(text);
  std::string out;
  size_t i = 0;
  auto emit = [&](size_t end, std::string_view style) {
    out += ansi::paint(text.substr(i, end - i), style, !style.empty());
    i = end;
  };
  while (i < text.size()) {
    if (in_block_comment_) {  // until "*/" or the end of the line
      size_t close = text.find("*/", i);
      in_block_comment_ = close == std::string_view::npos;
      emit(in_block_comment_ ? text.size() : close + 2, kCommentStyle);
      continue;
    }
    char c = text[i];
    if ((hash_comments() && c == '#') || (slash_comments() && text.substr(i, 2) == "//")) {
      emit(text.size(), kCommentStyle);
    } else if (slash_comments() && text.substr(i, 2) == "/*") {
      in_block_comment_ = true;
      out += ansi::paint("/*", kCommentStyle, true);
      i += 2;
    } else if (c == '"' || c == '\'' || (c == '`' && lang_ == Lang::kJs)) {
      size_t j = i + 1;
      while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
      emit(std::min(j + 1, text.size()), kStringStyle);
    } else if (std::isdigit(static_cast<unsigned char>(c)) && (i == 0 || !is_word_char(text[i - 1]))) {
      size_t j = i;
      while (j < text.size() && (is_word_char(text[j]) || text[j] == '.')) ++j;
      emit(j, kNumberStyle);
    } else if (is_word_char(c)) {
      size_t j = i;
      while (j < text.size() && is_word_char(text[j])) ++j;
      if (is_keyword(text.substr(i, j - i))) emit(j, kKeywordStyle);
      else emit(j, "");
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace gw
