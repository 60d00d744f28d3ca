// line_reader.h - where the REPL gets its input: one line at a time, with a
// prompt, plus a history to add to. The real one is libedit
// (cli/editline_reader.h: line editing, persistent history); tests use a
// scripted fake (tests/support/fake_line_reader.h), so the REPL's logic runs
// without a terminal. Single-threaded.
#pragma once

#include <string>

namespace gw {

struct LineEvent {
  enum Kind {
    kLine,         // `text` holds the line, without its newline
    kEnd,          // end of input (Ctrl-D on an empty line)
    kInterrupted,  // Ctrl-C at the prompt: the line being typed is discarded
  };
  Kind kind = kEnd;
  std::string text;
};

class LineReader {
 public:
  virtual ~LineReader() = default;
  // Shows `prompt` and reads one line.
  virtual LineEvent read_line(const std::string& prompt) = 0;
  // Records an entered input for recall (up-arrow) and, in the real reader,
  // in the history file.
  virtual void add_history(const std::string& entry) = 0;
};

}  // namespace gw
