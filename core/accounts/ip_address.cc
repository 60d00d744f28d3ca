#include "core/accounts/ip_address.h"

#include <vector>

#include "core/base/ascii_text.h"

namespace gw {
namespace {

std::optional<std::array<uint8_t, 4>> parse_v4(std::string_view text) {
  std::vector<std::string_view> parts = split(text, '.');
  if (parts.size() != 4) return std::nullopt;
  std::array<uint8_t, 4> out{};
  for (size_t i = 0; i < 4; ++i) {
    std::string_view p = parts[i];
    if (p.size() > 3 || (p.size() > 1 && p[0] == '0')) return std::nullopt;
    std::optional<int64_t> v = parse_decimal(p);
    if (!v || *v > 255) return std::nullopt;
    out[i] = static_cast<uint8_t>(*v);
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the 16-bit groups of "h:h:...:h" (maybe ending in a dotted quad
// when `v4_tail_ok`) to `groups`. Empty text is zero groups.
bool parse_groups(std::string_view text, bool v4_tail_ok, std::vector<uint16_t>& groups) {
  if (text.empty()) return true;
  std::vector<std::string_view> parts = split(text, ':');
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (v4_tail_ok && i + 1 == parts.size() && p.find('.') != std::string_view::npos) {
      auto v4 = parse_v4(p);
      if (!v4) return false;
      groups.push_back(static_cast<uint16_t>(((*v4)[0] << 8) | (*v4)[1]));
      groups.push_back(static_cast<uint16_t>(((*v4)[2] << 8) | (*v4)[3]));
      return true;
    }
    if (p.empty() || p.size() > 4) return false;
    uint16_t g = 0;
    for (char c : p) {
      int h = hex_value(c);
      if (h < 0) return false;
      g = static_cast<uint16_t>((g << 4) | h);
    }
    groups.push_back(g);
  }
  return true;
}

std::optional<IpAddress> parse_v6(std::string_view text) {
  size_t gap = text.find("::");
  bool compressed = gap != std::string_view::npos;
  if (compressed && text.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
  std::string_view head = compressed ? text.substr(0, gap) : text;
  std::string_view tail = compressed ? text.substr(gap + 2) : std::string_view();
  std::vector<uint16_t> before, after;
  if (!parse_groups(head, !compressed, before) || !parse_groups(tail, true, after)) return std::nullopt;
  size_t total = before.size() + after.size();
  if (compressed ? total > 7 : total != 8) return std::nullopt;
  IpAddress addr;
  auto put = [&](size_t index, uint16_t g) {
    addr.bytes[2 * index] = static_cast<uint8_t>(g >> 8);
    addr.bytes[2 * index + 1] = static_cast<uint8_t>(g & 0xff);
  };
  for (size_t i = 0; i < before.size(); ++i) put(i, before[i]);
  for (size_t i = 0; i < after.size(); ++i) put(8 - after.size() + i, after[i]);
  return addr;
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_v6(text);
  auto v4 = parse_v4(text);
  if (!v4) return std::nullopt;
  IpAddress addr;
  addr.bytes[10] = 0xff;
  addr.bytes[11] = 0xff;
  for (size_t i = 0; i < 4; ++i) addr.bytes[12 + i] = (*v4)[i];
  addr.written_as_v4 = true;
  return addr;
}

}  // namespace gw
