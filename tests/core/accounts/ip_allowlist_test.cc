// Per-key IP allowlists: CIDR matching for both families, mapped IPv4, and
// error messages that name the bad entry.
#include "core/accounts/ip_allowlist.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/core/accounts/check_allows.h"

namespace gw {
namespace {

IpAllowlist list(std::string_view text) { return parsed_list<IpAllowlist>(text); }

std::string error_of(std::string_view text) {
  Result<IpAllowlist> parsed = IpAllowlist::parse(text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().kind == ErrorKind::kInvalidRequest);
  CHECK(parsed.error().code == "invalid_ip_allowlist");
  return parsed.error().message;
}

}  // namespace

TEST_CASE("ip allowlist: an empty list allows every address, even garbage") {
  for (const char* text : {"", "  ", ",", " , "}) {
    CAPTURE(text);
    CHECK(list(text).empty());
    check_allows(list(text), {"203.0.113.9", "2001:db8::1", "not an ip"}, {});
  }
}

TEST_CASE("ip allowlist: IPv4 CIDR includes its first and last address only") {
  check_allows(list("10.0.0.0/8"), {"10.0.0.0", "10.255.255.255"}, {"9.255.255.255", "11.0.0.0"});
}

TEST_CASE("ip allowlist: prefixes that do not fall on a byte boundary") {
  check_allows(list("192.168.4.0/22"), {"192.168.4.0", "192.168.7.255"}, {"192.168.8.0", "192.168.3.255"});
}

TEST_CASE("ip allowlist: a bare address is a single host") {
  IpAllowlist l = list("203.0.113.7, 2001:db8::7");
  CHECK(l.size() == 2);
  check_allows(l, {"203.0.113.7", "2001:db8::7", "2001:0db8:0000:0000:0000:0000:0000:0007"},
               {"203.0.113.8", "2001:db8::8"});
}

TEST_CASE("ip allowlist: IPv6 CIDR") {
  check_allows(list("2001:db8::/32"), {"2001:db8::1", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"},
               {"2001:db9::1", "10.0.0.1"});
}

TEST_CASE("ip allowlist: IPv4 rules match IPv4-mapped IPv6 peers") {
  // "::10.1.2.3" is the deprecated IPv4-compatible form, not a mapped address.
  check_allows(list("10.0.0.0/8"), {"::ffff:10.1.2.3", "::ffff:a01:203"}, {"::ffff:11.1.2.3", "::10.1.2.3"});
}

TEST_CASE("ip allowlist: /0 allows its whole family only") {
  check_allows(list("0.0.0.0/0"), {"1.2.3.4", "255.255.255.255"}, {"2001:db8::1"});
  // Every IPv4 address is also an IPv6 (mapped) one.
  check_allows(list("::/0"), {"2001:db8::1", "1.2.3.4"}, {});
}

TEST_CASE("ip allowlist: a non-empty list refuses peers it cannot parse") {
  check_allows(list("127.0.0.1"), {"127.0.0.1", " 127.0.0.1 "}, {"", "localhost", "127.0.0.1:8080"});
}

TEST_CASE("ip allowlist: blanks and empty entries are ignored") {
  IpAllowlist l = list(" 10.0.0.0/8 ,, 192.168.0.0/16 ,");
  CHECK(l.size() == 2);
  check_allows(l, {"192.168.1.1", "10.1.1.1"}, {"172.16.0.1"});
}

TEST_CASE("ip allowlist: errors name the bad entry and what is wrong") {
  CHECK(error_of("10.0.0.0/8, 10.0.0.300") == "invalid IP allowlist entry '10.0.0.300': not an IPv4 or IPv6 address");
  CHECK(error_of("10.0.0.0/33").find("'10.0.0.0/33'") != std::string::npos);
  CHECK(error_of("10.0.0.0/33").find("0 to 32") != std::string::npos);
  CHECK(error_of("2001:db8::/129").find("0 to 128") != std::string::npos);
  CHECK(error_of("10.0.0.0/").find("prefix") != std::string::npos);
  CHECK(error_of("10.0.0.0/-1").find("prefix") != std::string::npos);
  CHECK(error_of("10.0.0.0/8/8").find("prefix") != std::string::npos);
  CHECK(error_of("example.com").find("'example.com'") != std::string::npos);
}

TEST_CASE("ip allowlist: host bits beyond the prefix are an error, not silently masked") {
  CHECK(
      error_of("10.0.0.1/8") ==
      "invalid IP allowlist entry '10.0.0.1/8': address bits are set beyond the /8 prefix (write the network address)");
  CHECK(error_of("2001:db8::1/32").find("/32 prefix") != std::string::npos);
  CHECK(list("10.0.0.1/32").allows("10.0.0.1"));
}

}  // namespace gw
