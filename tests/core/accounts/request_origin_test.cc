// request_origin_test.cc - which browser Origins gw serve answers, and its
// CORS headers.
#include "core/accounts/request_origin.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("origin policy: no Origin is not a browser's cross-site request") {
  CHECK(OriginPolicy({}).check("", "127.0.0.1:8080") == OriginVerdict::kNone);
}

TEST_CASE("origin policy: same-origin pages pass; every other site is refused by default") {
  OriginPolicy none({});
  CHECK(none.check("http://127.0.0.1:8080", "127.0.0.1:8080") == OriginVerdict::kSameOrigin);
  CHECK(none.check("https://gw.example.com", "gw.example.com") == OriginVerdict::kSameOrigin);  // behind TLS proxy
  CHECK(none.check("http://gw.example.com:80", "GW.example.com") == OriginVerdict::kSameOrigin);
  CHECK(none.check("http://evil.example.com", "127.0.0.1:8080") == OriginVerdict::kRefused);
  CHECK(none.check("http://127.0.0.1:8081", "127.0.0.1:8080") == OriginVerdict::kRefused);
  CHECK(none.check("null", "127.0.0.1:8080") == OriginVerdict::kRefused);
  CHECK(none.check("file://", "127.0.0.1:8080") == OriginVerdict::kRefused);
  CHECK(none.check("http://127.0.0.1:8080/path", "127.0.0.1:8080") == OriginVerdict::kRefused);
}

TEST_CASE("origin policy: cors_origins lists exact scheme, host and port") {
  OriginPolicy listed({"https://app.example.com", "http://localhost:5173", "http://plain.example:80"});
  CHECK(listed.check("https://app.example.com", "127.0.0.1:8080") == OriginVerdict::kListed);
  CHECK(listed.check("https://APP.example.com:443", "127.0.0.1:8080") == OriginVerdict::kListed);
  CHECK(listed.check("http://localhost:5173", "127.0.0.1:8080") == OriginVerdict::kListed);
  CHECK(listed.check("http://plain.example", "127.0.0.1:8080") == OriginVerdict::kListed);
  CHECK(listed.check("http://app.example.com", "127.0.0.1:8080") == OriginVerdict::kRefused);  // scheme
  CHECK(listed.check("http://localhost:5174", "127.0.0.1:8080") == OriginVerdict::kRefused);   // port
  CHECK(listed.check("https://evil.app.example.com", "127.0.0.1:8080") == OriginVerdict::kRefused);
}

TEST_CASE("origin policy: cors_origins entries are scheme://host[:port] and nothing more") {
  CHECK(check_cors_origin("https://app.example.com").ok());
  CHECK(check_cors_origin("http://localhost:5173").ok());
  CHECK(check_cors_origin("http://[::1]:3000").ok());
  CHECK_FALSE(check_cors_origin("app.example.com").ok());
  CHECK_FALSE(check_cors_origin("https://app.example.com/").ok());
  CHECK_FALSE(check_cors_origin("*").ok());
  CHECK_FALSE(check_cors_origin("null").ok());
  CHECK_FALSE(check_cors_origin("ftp://example.com").ok());
}

TEST_CASE("cors headers: a preflight answer names the origin, methods, the SDKs' headers and its lifetime") {
  Headers h;
  add_preflight_headers(h, "https://app.example.com", "x-stainless-os, anthropic-dangerous-direct-browser-access");
  CHECK(h.get("access-control-allow-origin") == "https://app.example.com");
  CHECK(h.get("access-control-allow-methods").find("POST") != std::string_view::npos);
  std::string_view allowed = h.get("access-control-allow-headers");
  for (std::string_view name : {"authorization", "content-type", "x-api-key", "anthropic-version", "anthropic-beta",
                                "openai-beta", "x-stainless-os", "anthropic-dangerous-direct-browser-access"})
    CHECK_MESSAGE(allowed.find(name) != std::string_view::npos, name);
  CHECK(h.get("access-control-max-age") == "600");
  CHECK(h.get("vary").find("Origin") != std::string_view::npos);
  Headers odd;
  add_preflight_headers(odd, "https://app.example.com", "x-a\r\nSet-Cookie: y");
  CHECK(odd.get("access-control-allow-headers").find("Set-Cookie") == std::string_view::npos);
}

TEST_CASE("cors headers: an answer names the origin and exposes gw's headers") {
  Headers h;
  add_cors_headers(h, "http://localhost:5173");
  CHECK(h.get("access-control-allow-origin") == "http://localhost:5173");
  CHECK(h.get("access-control-expose-headers").find("x-request-id") != std::string_view::npos);
  CHECK(h.get("vary") == "Origin");
}

}  // namespace gw
