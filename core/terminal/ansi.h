// ansi.h - the few ANSI SGR styles gw's terminal output uses, and helpers to
// measure and remove them. Whether to use colour at all is decided by the
// CLI (TTY, NO_COLOR, --color); everything here is pure. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gw::ansi {

inline constexpr std::string_view kReset = "\033[0m";
inline constexpr std::string_view kBold = "\033[1m";
inline constexpr std::string_view kDim = "\033[2m";
inline constexpr std::string_view kRed = "\033[31m";
inline constexpr std::string_view kGreen = "\033[32m";
inline constexpr std::string_view kYellow = "\033[33m";
inline constexpr std::string_view kBlue = "\033[34m";
inline constexpr std::string_view kMagenta = "\033[35m";
inline constexpr std::string_view kCyan = "\033[36m";

// `text` wrapped in `style` ... reset when `enabled`, else `text` unchanged.
std::string paint(std::string_view text, std::string_view style, bool enabled);

// `text` without any CSI escape sequences (ESC '[' ... final byte).
std::string strip(std::string_view text);

// Columns `text` takes on a terminal: escape sequences count 0, each UTF-8
// code point counts 1 (no East Asian wide-character tables).
size_t visible_width(std::string_view text);

}  // namespace gw::ansi
