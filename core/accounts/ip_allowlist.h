// ip_allowlist.h - a per-key list of client networks, written as
// comma-separated addresses and CIDRs: "10.0.0.0/8, 192.168.1.7,
// 2001:db8::/32". A bare address is one host (/32 or /128). IPv4 rules also
// match IPv4-mapped IPv6 peers (::ffff:10.1.2.3), as dual-stack servers
// report them. An empty list allows every address. Immutable after parse:
// safe to share between threads.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/accounts/ip_address.h"
#include "core/base/result.h"

namespace gw {

class IpAllowlist {
 public:
  // kInvalidRequest (code "invalid_ip_allowlist") naming the first bad entry:
  // not an address, a prefix outside 0-32 / 0-128, or host bits set beyond
  // the prefix ("10.0.0.1/8"). Blanks around entries and empty entries
  // ("a,,b", a trailing comma) are ignored.
  static Result<IpAllowlist> parse(std::string_view comma_separated);

  // True when the list is empty or `ip` (a bare IPv4/IPv6 address, as a
  // server reports the peer) lies in one of its networks. An address that
  // does not parse is refused by a non-empty list.
  bool allows(std::string_view ip) const;

  bool empty() const { return networks_.empty(); }
  size_t size() const { return networks_.size(); }

 private:
  struct Network {
    IpAddress base;   // host bits are zero
    int prefix_bits;  // 0-128, over the 16-byte form (IPv4 /n is 96 + n)
  };
  static bool contains(const Network& net, const IpAddress& addr);

  std::vector<Network> networks_;
};

}  // namespace gw
