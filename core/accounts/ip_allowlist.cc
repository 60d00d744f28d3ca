#include "core/accounts/ip_allowlist.h"

#include <string>

#include "core/base/ascii_text.h"

namespace gw {
namespace {

constexpr int kMappedV4Bits = 96;  // the ::ffff:0:0/96 prefix in front of IPv4

Error bad_entry(std::string_view entry, std::string_view why) {
  return make_error(ErrorKind::kInvalidRequest,
                    "invalid IP allowlist entry '" + std::string(entry) + "': " + std::string(why),
                    "invalid_ip_allowlist");
}

// The bits of the address from `from_bit` on (0 = most significant).
bool bits_clear_from(const IpAddress& addr, int from_bit) {
  for (int bit = from_bit; bit < 128; ++bit)
    if (addr.bytes[bit / 8] & (0x80 >> (bit % 8))) return false;
  return true;
}

}  // namespace

bool IpAllowlist::contains(const Network& net, const IpAddress& addr) {
  int full_bytes = net.prefix_bits / 8;
  for (int i = 0; i < full_bytes; ++i)
    if (net.base.bytes[i] != addr.bytes[i]) return false;
  int rest = net.prefix_bits % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (net.base.bytes[full_bytes] & mask) == (addr.bytes[full_bytes] & mask);
}

Result<IpAllowlist> IpAllowlist::parse(std::string_view comma_separated) {
  IpAllowlist list;
  for (std::string_view part : split(comma_separated, ',')) {
    std::string_view entry = trim_blanks(part);
    if (entry.empty()) continue;
    size_t slash = entry.find('/');
    std::optional<IpAddress> base = parse_ip_address(entry.substr(0, slash));
    if (!base) return bad_entry(entry, "not an IPv4 or IPv6 address");
    int max_bits = base->written_as_v4 ? 32 : 128;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
      std::optional<int64_t> prefix = parse_decimal(entry.substr(slash + 1));
      if (!prefix || *prefix > max_bits)
        return bad_entry(entry, "the prefix length must be a number from 0 to " + std::to_string(max_bits));
      bits = static_cast<int>(*prefix);
    }
    int bits_128 = base->written_as_v4 ? kMappedV4Bits + bits : bits;
    if (!bits_clear_from(*base, bits_128))
      return bad_entry(
          entry, "address bits are set beyond the /" + std::to_string(bits) + " prefix (write the network address)");
    list.networks_.push_back(Network{*base, bits_128});
  }
  return list;
}

bool IpAllowlist::allows(std::string_view ip) const {
  if (networks_.empty()) return true;
  std::optional<IpAddress> addr = parse_ip_address(trim_blanks(ip));
  if (!addr) return false;
  for (const Network& net : networks_)
    if (contains(net, *addr)) return true;
  return false;
}

}  // namespace gw
