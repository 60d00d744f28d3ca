// color.cc - see color.h.
#include "cli/color.h"

#include <cstdlib>

namespace gw {

std::optional<ColorMode> parse_color_mode(std::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  return std::nullopt;
}

bool use_color(ColorMode mode, bool is_tty) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  const char* no_color = std::getenv("NO_COLOR");
  return is_tty && (no_color == nullptr || *no_color == '\0');
}

}  // namespace gw
