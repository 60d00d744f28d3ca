// ansi.cc - see ansi.h. Pure; thread-safe.
#include "core/terminal/ansi.h"

namespace gw::ansi {
namespace {

// Length of the CSI sequence starting at text[i] (which is ESC), or 0 if
// there is none there.
size_t csi_length(std::string_view text, size_t i) {
  if (i + 1 >= text.size() || text[i] != '\033' || text[i + 1] != '[') return 0;
  size_t j = i + 2;
  while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7e)) ++j;
  return j < text.size() ? j + 1 - i : text.size() - i;
}

}  // namespace

std::string paint(std::string_view text, std::string_view style, bool enabled) {
  if (!enabled || text.empty()) return std::string(text);
  std::string out;
  out.reserve(style.size() + text.size() + kReset.size());
  out.append(style).append(text).append(kReset);
  return out;
}

std::string strip(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (size_t n = csi_length(text, i)) {
      i += n;
      continue;
    }
    out += text[i++];
  }
  return out;
}

size_t visible_width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    if (size_t n = csi_length(text, i)) {
      i += n;
      continue;
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++width;  // not a continuation byte
    ++i;
  }
  return width;
}

}  // namespace gw::ansi
