// spinner.h - a one-line "waiting" indicator on stderr for anything that can
// take more than a moment (gw chat waiting for the first token):
// "⠋ waiting for mock/echo 1.2s", redrawn in place and erased when done.
// Draws nothing unless enabled (stderr is a terminal). Single-threaded.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace gw {

class Spinner {
 public:
  Spinner(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
  ~Spinner() { stop(); }
  Spinner(const Spinner&) = delete;
  Spinner& operator=(const Spinner&) = delete;

  // Shows the first frame with `label`.
  void start(std::string label);
  // Redraws with the next frame and the time waited so far.
  void tick(int64_t elapsed_ms);
  // Erases the line (if anything is shown).
  void stop();

 private:
  void draw(int64_t elapsed_ms);

  std::ostream& err_;
  bool enabled_;
  bool shown_ = false;
  size_t frame_ = 0;
  std::string label_;
};

}  // namespace gw
