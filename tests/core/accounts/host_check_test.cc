// host_check_test.cc - which Host headers gw serve answers (DNS rebinding).
#include "core/accounts/host_check.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("host check: bound to loopback, the bind address and localhost names on the bound port only") {
  HostCheck hosts("127.0.0.1", 8080, {});
  CHECK(hosts.allows("127.0.0.1:8080"));
  CHECK(hosts.allows("localhost:8080"));
  CHECK(hosts.allows("LOCALHOST.:8080"));
  CHECK(hosts.allows("[::1]:8080"));
  CHECK_FALSE(hosts.allows("evil.example.com:8080"));  // a rebound name
  CHECK_FALSE(hosts.allows("evil.example.com"));
  CHECK_FALSE(hosts.allows("127.0.0.1:8081"));
  CHECK_FALSE(hosts.allows("127.0.0.1"));  // port 80
  CHECK_FALSE(hosts.allows("192.168.1.5:8080"));
  CHECK_FALSE(hosts.allows(""));
  CHECK_FALSE(hosts.allows("127.0.0.1:8080/x"));
  CHECK_FALSE(hosts.allows("127.0.0.1:99999"));
  CHECK_FALSE(hosts.allows("127.0.0.1 :8080"));
}

TEST_CASE("host check: bound to a wildcard address, IP literals on the bound port pass; names must be listed") {
  HostCheck hosts("0.0.0.0", 9000, {});
  CHECK(hosts.allows("192.168.1.5:9000"));
  CHECK(hosts.allows("[fe80::1]:9000"));
  CHECK(hosts.allows("localhost:9000"));
  CHECK_FALSE(hosts.allows("192.168.1.5:9001"));
  CHECK_FALSE(hosts.allows("1.2.3.4.5:9000"));
  CHECK_FALSE(hosts.allows("my-box.lan:9000"));
  CHECK(HostCheck("::", 9000, {"my-box.lan"}).allows("my-box.lan:9000"));
}

TEST_CASE("host check: bound to a LAN address, only that address (and listed names)") {
  HostCheck hosts("192.168.1.5", 80, {});
  CHECK(hosts.allows("192.168.1.5"));
  CHECK(hosts.allows("192.168.1.5:80"));
  CHECK_FALSE(hosts.allows("localhost"));
  CHECK(HostCheck("::1", 8080, {}).allows("[::1]:8080"));
}

TEST_CASE("host check: allowed_hosts names any port or one port; '*' allows any host") {
  HostCheck hosts("127.0.0.1", 8080, {"gw.example.com", "proxy.lan:8443"});
  CHECK(hosts.allows("gw.example.com"));
  CHECK(hosts.allows("GW.example.com:443"));
  CHECK(hosts.allows("proxy.lan:8443"));
  CHECK_FALSE(hosts.allows("proxy.lan"));
  CHECK_FALSE(hosts.allows("sub.gw.example.com"));
  CHECK(HostCheck("127.0.0.1", 8080, {"*"}).allows("anything.example"));
}

TEST_CASE("host check: allowed_hosts entries are host names or IP literals with an optional port") {
  CHECK(check_allowed_host("gw.example.com").ok());
  CHECK(check_allowed_host("gw.example.com:8443").ok());
  CHECK(check_allowed_host("[::1]:80").ok());
  CHECK(check_allowed_host("*").ok());
  CHECK_FALSE(check_allowed_host("https://gw.example.com").ok());
  CHECK_FALSE(check_allowed_host("gw.example.com/v1").ok());
  CHECK_FALSE(check_allowed_host("").ok());
  CHECK_FALSE(check_allowed_host("gw.example.com:").ok());
  CHECK_FALSE(check_allowed_host("*.example.com").ok());
  CHECK(check_allowed_host("a b").error().message.find("server.allowed_hosts") != std::string::npos);
}

}  // namespace gw
