// markdown_renderer.cc - see markdown_renderer.h. A character-at-a-time state
// machine; every byte of the input is appended to the output exactly once.
// Pure; thread-compatible.
#include "core/terminal/markdown_renderer.h"

#include "core/terminal/ansi.h"

namespace gw {
namespace {

// Sets `rest` to `line` without its leading spaces, which markdown allows up
// to three of before a fence or heading; false when indented more.
bool strip_indent(std::string_view line, std::string_view& rest) {
  size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ') ++spaces;
  if (spaces > 3) return false;
  rest = line.substr(spaces);
  return true;
}

// How many of `c` `s` starts with.
size_t run_of(std::string_view s, char c) {
  size_t n = 0;
  while (n < s.size() && s[n] == c) ++n;
  return n;
}

// A closing fence: only backticks (3+) and trailing whitespace.
bool is_closing_fence(std::string_view line) {
  std::string_view t;
  if (!strip_indent(line, t) || run_of(t, '`') < 3) return false;
  return t.substr(run_of(t, '`')).find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

std::string MarkdownRenderer::feed(std::string_view text) {
  if (!styled_) return std::string(text);
  std::string out;
  for (char c : text) {
    switch (mode_) {
      case Mode::kLineStart:
        line_start_char(c, out);
        break;
      case Mode::kText:
        text_char(c, out);
        break;
      case Mode::kFenceLine:
      case Mode::kCode:
        code_char(c, out);
        break;
    }
  }
  return out;
}

void MarkdownRenderer::line_start_char(char c, std::string& out) {
  if (c == '\n') {  // a line of only spaces, '#' or backticks
    out += hold_;
    out += c;
    hold_.clear();
    return;
  }
  hold_ += c;
  std::string_view t;
  if (strip_indent(hold_, t)) {
    size_t hashes = run_of(t, '#');
    if (run_of(t, '`') >= 3) {
      mode_ = Mode::kFenceLine;
      return;
    }
    if (t.empty() || run_of(t, '`') == t.size() || (hashes == t.size() && hashes <= 6)) return;  // undecided
    if (hashes >= 1 && hashes <= 6 && hashes + 1 == t.size() && t.back() == ' ') {
      heading_ = true;
      restyle(out);
      out += hold_;
      hold_.clear();
      mode_ = Mode::kText;
      return;
    }
  }
  mode_ = Mode::kText;
  std::string held;
  held.swap(hold_);
  for (char h : held) text_char(h, out);
}

void MarkdownRenderer::text_char(char c, std::string& out) {
  if (c == '*' || c == '`') {
    if (!pending_.empty() && pending_[0] != c) flush_pending(out);
    pending_ += c;
    return;
  }
  flush_pending(out);
  if (c == '\n') {
    end_of_line(out);
    return;
  }
  out += c;
}

void MarkdownRenderer::flush_pending(std::string& out) {
  if (pending_.empty()) return;
  const size_t n = pending_.size();
  if (pending_[0] == '`') {
    if (!code_) {
      code_ = true;
      code_ticks_ = n;
      restyle(out);
      out += pending_;
    } else if (n == code_ticks_) {
      out += pending_;
      code_ = false;
      restyle(out);
    } else {
      out += pending_;  // a different run inside code is literal
    }
  } else if (n >= 2 && !code_) {  // "**" toggles bold; a third '*' stays literal inside
    if (!bold_) {
      bold_ = true;
      restyle(out);
      out += pending_;
    } else {
      out += pending_;
      bold_ = false;
      restyle(out);
    }
  } else {
    out += pending_;
  }
  pending_.clear();
}

void MarkdownRenderer::end_of_line(std::string& out) {
  if (heading_ || bold_ || code_) out += ansi::kReset;
  heading_ = bold_ = code_ = false;
  out += '\n';
  mode_ = Mode::kLineStart;
}

void MarkdownRenderer::code_char(char c, std::string& out) {
  if (c != '\n') {
    hold_ += c;
    return;
  }
  if (mode_ == Mode::kFenceLine) {  // the opening fence: its info string names the language
    std::string_view t;
    strip_indent(hold_, t);
    std::string_view info = trim(t.substr(run_of(t, '`')));
    highlighter_ = std::make_unique<CodeHighlighter>(info.substr(0, info.find(' ')));
    out += ansi::paint(hold_, ansi::kDim, true);
    mode_ = Mode::kCode;
  } else if (is_closing_fence(hold_)) {
    out += ansi::paint(hold_, ansi::kDim, true);
    highlighter_.reset();
    mode_ = Mode::kLineStart;
  } else {
    out += highlighter_->line(hold_);
  }
  out += '\n';
  hold_.clear();
}

void MarkdownRenderer::restyle(std::string& out) const {
  out += ansi::kReset;
  if (heading_ || bold_) out += ansi::kBold;
  if (code_) out += ansi::kCyan;
}

std::string MarkdownRenderer::finish() {
  if (!styled_) return {};
  std::string out;
  switch (mode_) {
    case Mode::kLineStart:
      out += hold_;
      break;
    case Mode::kText:
      flush_pending(out);
      if (heading_ || bold_ || code_) out += ansi::kReset;
      break;
    case Mode::kFenceLine:
      out += ansi::paint(hold_, ansi::kDim, true);
      break;
    case Mode::kCode:
      out += is_closing_fence(hold_) ? ansi::paint(hold_, ansi::kDim, true) : highlighter_->line(hold_);
      break;
  }
  hold_.clear();
  heading_ = bold_ = code_ = false;
  highlighter_.reset();
  mode_ = Mode::kLineStart;
  return out;
}

}  // namespace gw
