// color.h - whether a command may colour its output. One rule for every
// command: --color=always / --color=never (or --no-color) decide when given;
// otherwise (auto) colour only when the stream is a terminal and NO_COLOR is
// unset or empty (https://no-color.org: an explicit flag overrides it).
// Reads the environment; single-threaded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gw {

enum class ColorMode { kAuto, kAlways, kNever };

// "auto" | "always" | "never"; nullopt for anything else.
std::optional<ColorMode> parse_color_mode(std::string_view text);

bool use_color(ColorMode mode, bool is_tty);

}  // namespace gw
