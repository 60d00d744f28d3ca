// Per-key domain restrictions on the Origin / Referer of browser requests.
#include "core/accounts/domain_restriction.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/core/accounts/check_allows.h"

namespace gw {
namespace {

DomainRestriction restriction(std::string_view text) { return parsed_list<DomainRestriction>(text); }

}  // namespace

TEST_CASE("domain restriction: url_host takes the host out of Origin and Referer values") {
  CHECK(url_host("https://example.com") == "example.com");
  CHECK(url_host("https://App.Example.COM:8443/path?q=1#x") == "app.example.com");
  CHECK(url_host("http://user:pw@example.com/") == "example.com");
  CHECK(url_host("https://example.com./") == "example.com");
  CHECK(url_host("http://[::1]:8080/") == "[::1]");
  CHECK(url_host("https://example.com?x=https://evil.com") == "example.com");
  CHECK_FALSE(url_host("null"));
  CHECK_FALSE(url_host("example.com"));
  CHECK_FALSE(url_host("https://"));
  CHECK_FALSE(url_host("https:///path"));
  CHECK_FALSE(url_host("://example.com"));
}

TEST_CASE("domain restriction: an empty list allows everything, including no header") {
  CHECK(restriction("").empty());
  check_allows(restriction(""), {"", "https://anything.test"}, {});
}

TEST_CASE("domain restriction: exact names match host only, any scheme and port, any case") {
  check_allows(restriction("example.com"), {"https://example.com", "http://EXAMPLE.com:3000/page"},
               {"https://www.example.com", "https://example.com.evil.io", "https://notexample.com",
                "https://evil.io/example.com", "https://example.com@evil.io/"});
}

TEST_CASE("domain restriction: *.x matches subdomains at any depth but not x itself") {
  check_allows(restriction("*.corp.io"), {"https://app.corp.io", "https://a.b.corp.io/x"},
               {"https://corp.io", "https://evilcorp.io", "https://corp.io.evil.com"});
  check_allows(restriction("corp.io, *.corp.io"), {"https://corp.io", "https://app.corp.io"}, {});
}

TEST_CASE("domain restriction: a set restriction refuses requests with neither header") {
  DomainRestriction r = restriction("example.com,*.corp.io");
  CHECK(r.size() == 2);
  check_allows(r, {}, {"", "null"});
  CHECK_FALSE(r.allows_request("", ""));
}

TEST_CASE("domain restriction: Origin wins over Referer, Referer is the fallback") {
  DomainRestriction r = restriction("example.com");
  CHECK(r.allows_request("https://example.com", "https://evil.io/"));
  CHECK_FALSE(r.allows_request("https://evil.io", "https://example.com/page"));
  CHECK(r.allows_request("", "https://example.com/page"));
  CHECK_FALSE(r.allows_request("", "https://evil.io/page"));
}

TEST_CASE("domain restriction: entries are trimmed, lowercased and may end in a dot") {
  DomainRestriction r = restriction("  Example.COM. ,, *.Corp.IO ");
  CHECK(r.size() == 2);
  check_allows(r, {"https://example.com", "https://x.corp.io"}, {"https://corp.io"});
}

TEST_CASE("domain restriction: bad entries are named in the error") {
  for (const char* bad : {"https://example.com", "example.com:443", "example.com/path", "*", "*.", "a.*.com",
                          "*example.com", "exa mple.com", "example..com", ".example.com", "ex_ample.com"}) {
    CAPTURE(bad);
    Result<DomainRestriction> parsed = DomainRestriction::parse(std::string("ok.com,") + bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == ErrorKind::kInvalidRequest);
    CHECK(parsed.error().code == "invalid_domain_restriction");
    CHECK(parsed.error().message.find(std::string("'") + bad + "'") != std::string::npos);
  }
}

}  // namespace gw
