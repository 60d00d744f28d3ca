// ip_address.h - a small, strict parser for textual IPv4 and IPv6 addresses
// (RFC 4291 section 2.2 forms, including "::" and a dotted-quad tail). Core
// cannot include the socket headers that declare inet_pton, and parsing is
// pure. Both families land in one 16-byte form: IPv4 a.b.c.d becomes the
// IPv4-mapped ::ffff:a.b.c.d, so a mapped IPv6 peer and a plain IPv4 peer are
// the same address. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gw {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // network order; IPv4 as ::ffff:a.b.c.d
  bool written_as_v4 = false;       // the text was a dotted quad
};

// nullopt for anything that is not exactly one address: empty text, blanks,
// zone IDs ("%eth0"), brackets, octets over 255 or with leading zeros
// ("010" is ambiguous), groups over 4 hex digits, more than one "::", or the
// wrong number of groups.
std::optional<IpAddress> parse_ip_address(std::string_view text);

}  // namespace gw
