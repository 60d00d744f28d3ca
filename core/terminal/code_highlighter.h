// code_highlighter.h - a small keyword highlighter for fenced code blocks in
// gw chat's terminal output. Knows a few languages (C/C++, Python,
// JavaScript/TypeScript, Go, Rust, shell, JSON); anything else passes
// through unstyled. It only adds ANSI styles around the original bytes:
// ansi::strip(highlighted) is always the input. Fed one line at a time, so it
// can carry /* block comments */ across lines. Thread-compatible.
#pragma once

#include <string>
#include <string_view>

namespace gw {

class CodeHighlighter {
 public:
  // `language` is the fence's info string ("cpp", "py", "bash", ...);
  // matched case-insensitively, unknown = no highlighting.
  explicit CodeHighlighter(std::string_view language);

  // One line without its newline, styled.
  std::string line(std::string_view text);

  bool knows_language() const { return lang_ != Lang::kNone; }

 private:
  enum class Lang { kNone, kC, kPython, kJs, kGo, kRust, kShell, kJson };

  bool is_keyword(std::string_view word) const;
  bool hash_comments() const { return lang_ == Lang::kPython || lang_ == Lang::kShell; }
  bool slash_comments() const { return lang_ != Lang::kPython && lang_ != Lang::kShell && lang_ != Lang::kJson; }

  Lang lang_ = Lang::kNone;
  bool in_block_comment_ = false;
};

}  // namespace gw
