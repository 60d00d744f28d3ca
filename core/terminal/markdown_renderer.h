// markdown_renderer.h - renders a model's markdown answer for a terminal as
// it streams in, chunk by chunk: `# headings` and **bold** in bold,
// `inline code` in cyan, fenced code blocks (```lang ... ```) kept byte for
// byte with a keyword highlighter (core/terminal/code_highlighter.h) and dim fences.
//
// Contract: the renderer only inserts ANSI styles; it never adds, drops or
// reorders a byte of the answer, so ansi::strip(output) == input, and the
// output does not depend on how the input was split into chunks. Text is held
// back only while it cannot be classified yet (the start of a line that may
// become a fence or heading, a trailing '*' or '`', the current line of a
// code block). With `styled` false the renderer is the identity and holds
// nothing back.
// Pure; thread-compatible (one renderer per answer).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/terminal/code_highlighter.h"

namespace gw {

class MarkdownRenderer {
 public:
  explicit MarkdownRenderer(bool styled) : styled_(styled) {}

  // The next piece of the answer; returns what can be printed now.
  std::string feed(std::string_view text);
  // End of the answer: everything still held back, with styles closed.
  std::string finish();

 private:
  enum class Mode { kLineStart, kText, kFenceLine, kCode };

  void line_start_char(char c, std::string& out);
  void text_char(char c, std::string& out);
  void code_char(char c, std::string& out);
  void end_of_line(std::string& out);
  void flush_pending(std::string& out);
  void restyle(std::string& out) const;  // reset, then the styles in force

  bool styled_;
  Mode mode_ = Mode::kLineStart;
  std::string hold_;     // line start / fence line / code line being collected
  std::string pending_;  // a run of '*' or '`' not yet classified
  bool heading_ = false;
  bool bold_ = false;
  bool code_ = false;
  size_t code_ticks_ = 0;  // length of the backtick run that opened inline code
  std::unique_ptr<CodeHighlighter> highlighter_;
};

}  // namespace gw
