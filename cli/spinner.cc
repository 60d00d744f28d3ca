// spinner.cc - see spinner.h. Single-threaded.
#include "cli/spinner.h"

#include <array>
#include <ostream>
#include <string_view>

namespace gw {
namespace {

constexpr std::array<std::string_view, 10> kFrames = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

}  // namespace

void Spinner::start(std::string label) {
  label_ = std::move(label);
  frame_ = 0;
  draw(0);
}

void Spinner::tick(int64_t elapsed_ms) {
  if (!shown_) return;
  ++frame_;
  draw(elapsed_ms);
}

void Spinner::draw(int64_t elapsed_ms) {
  if (!enabled_) return;
  err_ << "\r\033[K" << kFrames[frame_ % kFrames.size()] << " " << label_;
  if (elapsed_ms >= 1000) err_ << " " << elapsed_ms / 1000 << "." << elapsed_ms / 100 % 10 << "s";
  err_ << std::flush;
  shown_ = true;
}

void Spinner::stop() {
  if (!shown_) return;
  err_ << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace gw
