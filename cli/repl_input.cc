// repl_input.cc - see repl_input.h. Pure; single-threaded.
#include "cli/repl_input.h"

namespace gw {
namespace {

constexpr std::string_view kBlockMarker = "\"\"\"";

}  // namespace

std::optional<std::string> InputAssembler::feed(const std::string& line) {
  if (state_ == State::kBlock) {
    if (line == kBlockMarker) {
      std::string done = std::move(buffer_);
      if (!done.empty() && done.back() == '\n') done.pop_back();
      reset();
      return done;
    }
    buffer_ += line + "\n";
    return std::nullopt;
  }
  if (state_ == State::kIdle && line == kBlockMarker) {
    state_ = State::kBlock;
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\\') {
    buffer_ += line.substr(0, line.size() - 1) + "\n";
    state_ = State::kContinued;
    return std::nullopt;
  }
  std::string done = std::move(buffer_) + line;
  reset();
  return done;
}

void InputAssembler::reset() {
  state_ = State::kIdle;
  buffer_.clear();
}

}  // namespace gw
