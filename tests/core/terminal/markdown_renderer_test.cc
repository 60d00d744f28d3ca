// MarkdownRenderer: styles for a terminal, never a changed byte.
#include "core/terminal/markdown_renderer.h"

#include <doctest/doctest.h>

#include "core/terminal/ansi.h"

namespace gw {
namespace {

const std::string kAnswer =
    "# Plan\n"
    "Use **bold** words and `inline code` here.\n"
    "  ## Indented heading\n"
    "```cpp\n"
    "int main() { return 0; }  // done\n"
    "```\n"
    "A * lone star, a `` double `tick` `` and **unclosed bold\n"
    "    ``` not a fence (four spaces)\n"
    "```\n"
    "plain block, no language\n"
    "```\n"
    "#hashtag is not a heading\n";

std::string render_whole(const std::string& text, bool styled) {
  MarkdownRenderer r(styled);
  return r.feed(text) + r.finish();
}

std::string render_char_by_char(const std::string& text, bool styled) {
  MarkdownRenderer r(styled);
  std::string out;
  for (char c : text) out += r.feed(std::string(1, c));
  return out + r.finish();
}

}  // namespace

TEST_CASE("markdown: with colour off the output is exactly the model's text, as it arrives") {
  MarkdownRenderer r(false);
  CHECK(r.feed("# Title\n**b") == "# Title\n**b");
  CHECK(r.feed("```py\n") == "```py\n");
  CHECK(r.finish() == "");
  CHECK(render_char_by_char(kAnswer, false) == kAnswer);
}

TEST_CASE("markdown: styles only add escape codes; stripping them gives the text back") {
  std::string styled = render_whole(kAnswer, true);
  CHECK(styled != kAnswer);
  CHECK(ansi::strip(styled) == kAnswer);
}

TEST_CASE("markdown: the output does not depend on how the answer was chunked") {
  CHECK(render_char_by_char(kAnswer, true) == render_whole(kAnswer, true));
  MarkdownRenderer r(true);
  std::string out;
  for (size_t i = 0; i < kAnswer.size(); i += 7) out += r.feed(kAnswer.substr(i, 7));
  CHECK(out + r.finish() == render_whole(kAnswer, true));
}

TEST_CASE("markdown: ordinary text streams through at once") {
  MarkdownRenderer r(true);
  CHECK(r.feed("Hello") == "Hello");
  CHECK(r.feed(" world") == " world");
}

TEST_CASE("markdown: headings are bold to the end of their line") {
  std::string out = render_whole("# Title\nbody\n", true);
  CHECK(out ==
        std::string(ansi::kReset) + std::string(ansi::kBold) + "# Title" + std::string(ansi::kReset) + "\nbody\n");
}

TEST_CASE("markdown: **bold** and `inline code` are styled, delimiters kept") {
  std::string bold = render_whole("a **b** c\n", true);
  CHECK(bold.find(std::string(ansi::kBold) + "**b**") != std::string::npos);
  std::string code = render_whole("run `make` now\n", true);
  CHECK(code.find(std::string(ansi::kCyan) + "`make`") != std::string::npos);
}

TEST_CASE("markdown: fenced code keeps every byte and highlights keywords of its language") {
  const std::string code = "```cpp\nint x = 42; // answer\n```\n";
  std::string out = render_whole(code, true);
  CHECK(ansi::strip(out) == code);
  CHECK(out.find(std::string(ansi::kMagenta) + "int" + std::string(ansi::kReset)) != std::string::npos);
  CHECK(out.find(std::string(ansi::kDim) + "```cpp" + std::string(ansi::kReset)) != std::string::npos);
  // Markdown inside code is not markdown.
  std::string literal = render_whole("```\n**not bold** # nor heading\n```\n", true);
  CHECK(literal.find("\n**not bold** # nor heading\n") != std::string::npos);
}

TEST_CASE("markdown: an unfinished answer is flushed and its styles closed by finish()") {
  MarkdownRenderer r(true);
  std::string out = r.feed("**half");
  out += r.finish();
  CHECK(ansi::strip(out) == "**half");
  CHECK(out.size() >= ansi::kReset.size());
  CHECK(out.substr(out.size() - ansi::kReset.size()) == ansi::kReset);
  MarkdownRenderer fence(true);
  std::string code = fence.feed("```py\nprint(1)");
  code += fence.finish();
  CHECK(ansi::strip(code) == "```py\nprint(1)");
}

}  // namespace gw
