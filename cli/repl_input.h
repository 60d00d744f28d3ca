// repl_input.h - how the REPL turns typed lines into one input:
//   - a line ending in a backslash continues on the next line (the backslash
//     becomes a newline);
//   - a line that is exactly """ starts a block, and the next such line ends
//     it; everything between is taken as typed, slash lines included.
// Pure; single-threaded.
#pragma once

#include <optional>
#include <string>

namespace gw {

class InputAssembler {
 public:
  // Feeds one line (without its newline). Returns the whole input once it is
  // complete, nullopt while more lines are needed.
  std::optional<std::string> feed(const std::string& line);
  // True between the first and the last line of a multi-line input.
  bool in_progress() const { return state_ != State::kIdle; }
  // Drops a half-typed multi-line input (Ctrl-C).
  void reset();

 private:
  enum class State { kIdle, kContinued, kBlock };
  State state_ = State::kIdle;
  std::string buffer_;
};

}  // namespace gw
