// CodeHighlighter: keywords, strings, comments and numbers per language.
#include "core/terminal/code_highlighter.h"

#include <doctest/doctest.h>

#include "core/terminal/ansi.h"

namespace gw {
namespace {

std::string styled(std::string_view text, std::string_view style) {
  return std::string(style) + std::string(text) + std::string(ansi::kReset);
}

}  // namespace

TEST_CASE("highlighter: keywords, strings, comments and numbers, bytes unchanged") {
  CodeHighlighter py("python");
  std::string line = py.line("def f(x): return \"hi\" + 2  # note");
  CHECK(ansi::strip(line) == "def f(x): return \"hi\" + 2  # note");
  CHECK(line.find(styled("def", ansi::kMagenta)) != std::string::npos);
  CHECK(line.find(styled("return", ansi::kMagenta)) != std::string::npos);
  CHECK(line.find(styled("\"hi\"", ansi::kGreen)) != std::string::npos);
  CHECK(line.find(styled("2", ansi::kCyan)) != std::string::npos);
  CHECK(line.find(styled("# note", ansi::kDim)) != std::string::npos);
}

TEST_CASE("highlighter: a word that merely contains a keyword is not one") {
  CodeHighlighter c("c");
  std::string line = c.line("integer = format;");
  CHECK(line.find(ansi::kMagenta) == std::string::npos);
}

TEST_CASE("highlighter: block comments carry across lines") {
  CodeHighlighter c("cpp");
  CHECK(c.line("/* start") == styled("/*", ansi::kDim) + styled(" start", ansi::kDim));
  CHECK(c.line("int still comment") == styled("int still comment", ansi::kDim));
  std::string end = c.line("end */ int x;");
  CHECK(end.find(styled("end */", ansi::kDim)) == 0);
  CHECK(end.find(styled("int", ansi::kMagenta)) != std::string::npos);
}

TEST_CASE("highlighter: an unknown language passes through untouched") {
  CodeHighlighter none("brainfudge");
  CHECK_FALSE(none.knows_language());
  CHECK(none.line("if (x) return \"y\"; // z") == "if (x) return \"y\"; // z");
  CHECK(CodeHighlighter("BASH").knows_language());
  CHECK(CodeHighlighter("ts").knows_language());
}

TEST_CASE("highlighter: an escaped quote does not end a string") {
  CodeHighlighter js("js");
  std::string line = js.line(R"(let s = "a \" b"; let t = 1)");
  CHECK(line.find(styled(R"("a \" b")", ansi::kGreen)) != std::string::npos);
  CHECK(line.find(styled("let", ansi::kMagenta) + " t") != std::string::npos);
}

}  // namespace gw
