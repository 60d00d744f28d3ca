// The pure IPv4/IPv6 text parser behind the IP allowlist.
#include "core/accounts/ip_address.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {
namespace {

// The 16 bytes as 32 hex digits, for readable expectations.
std::string hex(std::string_view text) {
  std::optional<IpAddress> addr = parse_ip_address(text);
  if (!addr) return "invalid";
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : addr->bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace

TEST_CASE("ip address: IPv4 becomes IPv4-mapped IPv6") {
  CHECK(hex("10.1.2.3") == "00000000000000000000ffff0a010203");
  CHECK(hex("0.0.0.0") == "00000000000000000000ffff00000000");
  CHECK(hex("255.255.255.255") == "00000000000000000000ffffffffffff");
  CHECK(parse_ip_address("10.1.2.3")->written_as_v4);
}

TEST_CASE("ip address: a mapped IPv6 peer equals the IPv4 address") {
  CHECK(hex("::ffff:10.1.2.3") == hex("10.1.2.3"));
  CHECK(hex("::FFFF:a01:203") == hex("10.1.2.3"));
  CHECK_FALSE(parse_ip_address("::ffff:10.1.2.3")->written_as_v4);
}

TEST_CASE("ip address: IPv6 full, compressed and mixed forms") {
  CHECK(hex("2001:db8:0:0:0:0:0:1") == "20010db8000000000000000000000001");
  CHECK(hex("2001:DB8::1") == "20010db8000000000000000000000001");
  CHECK(hex("::1") == "00000000000000000000000000000001");
  CHECK(hex("::") == "00000000000000000000000000000000");
  CHECK(hex("fe80::") == "fe800000000000000000000000000000");
  CHECK(hex("1:2:3:4:5:6:7::") == "00010002000300040005000600070000");
  CHECK(hex("::2:3:4:5:6:7:8") == "00000002000300040005000600070008");
  CHECK(hex("1:2:3:4:5:6:1.2.3.4") == "00010002000300040005000601020304");
}

TEST_CASE("ip address: malformed IPv4 is refused") {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4",
                          "1..3.4", "1.2.3.4/32", "a.b.c.d", "1.2.3.0x4", "1234.1.1.1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_ip_address(bad));
  }
}

TEST_CASE("ip address: malformed IPv6 is refused") {
  for (const char* bad : {":", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                          "1:2:3:4:5:6:7:8::", "g::1", ":1::", "1::2:", "fe80::1%eth0", "[::1]", "1.2.3.4::", "::1.2.3",
                          "::ffff:1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_ip_address(bad));
  }
}

}  // namespace gw
