// fake_line_reader.h - a LineReader for tests: hands out scripted events in
// order (lines, Ctrl-C, Ctrl-D) and records the prompts it was shown and the
// history it was given. After the script runs out it reports end of input,
// so a REPL under test always finishes. Tests only; single-threaded.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "cli/line_reader.h"

namespace gw {

class FakeLineReader : public LineReader {
 public:
  FakeLineReader& line(std::string text) {
    script_.push_back({LineEvent::kLine, std::move(text)});
    return *this;
  }
  FakeLineReader& ctrl_c() {
    script_.push_back({LineEvent::kInterrupted, {}});
    return *this;
  }
  FakeLineReader& ctrl_d() {
    script_.push_back({LineEvent::kEnd, {}});
    return *this;
  }

  LineEvent read_line(const std::string& prompt) override {
    prompts.push_back(prompt);
    if (script_.empty()) return {LineEvent::kEnd, {}};
    LineEvent e = std::move(script_.front());
    script_.pop_front();
    return e;
  }
  void add_history(const std::string& entry) override { history.push_back(entry); }

  std::vector<std::string> prompts;
  std::vector<std::string> history;

 private:
  std::deque<LineEvent> script_;
};

}  // namespace gw
