// Tests for core/http/http_url.h: where to connect, what goes in the request line
// and Host header, and an authority that never carries credentials.
#include "core/http/http_url.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("http url: host, port, target and Host header of plain and bracketed hosts") {
  auto url = parse_http_url("http://127.0.0.1:11434/v1/chat/completions?x=1#frag");
  REQUIRE(url.ok());
  CHECK(url->scheme == "http");
  CHECK(url->host == "127.0.0.1");
  CHECK(url->port == 11434);
  CHECK(url->authority == "127.0.0.1:11434");
  CHECK(url->host_header == "127.0.0.1:11434");
  CHECK(url->target == "/v1/chat/completions?x=1");

  auto v6 = parse_http_url("HTTP://[::1]:8000");
  REQUIRE(v6.ok());
  CHECK(v6->host == "::1");
  CHECK(v6->authority == "[::1]:8000");
  CHECK(v6->target == "/");

  auto defaulted = parse_http_url("https://api.example.com?q");
  REQUIRE(defaulted.ok());
  CHECK(defaulted->port == 443);
  CHECK(defaulted->host_header == "api.example.com");
  CHECK(defaulted->target == "/?q");
}

TEST_CASE("http url: user info is noticed and kept out of the authority") {
  auto url = parse_http_url("http://user:sk-secret@localhost/v1");
  REQUIRE(url.ok());
  CHECK(url->has_user_info);
  CHECK(url->host == "localhost");
  CHECK(url->authority == "localhost:80");
  CHECK(url_authority("https://user:sk-secret@api.example.com/v1?key=sk-secret") == "api.example.com:443");
  CHECK(url_authority("http://[::1]:9/x") == "[::1]:9");
}

TEST_CASE("http url: what cannot be requested is an error") {
  for (std::string_view bad : {"127.0.0.1:8000/v1", "ftp://host/x", "http:///path", "http://host:0/",
                               "http://host:99999/", "http://host:8o/"}) {
    CAPTURE(bad);
    auto url = parse_http_url(bad);
    REQUIRE_FALSE(url.ok());
    CHECK(url.error().kind == ErrorKind::kInvalidRequest);
  }
}

}  // namespace gw

TEST_CASE("url_without_password hides a password in user info and leaves the rest") {
  CHECK(gw::url_without_password("postgres://gw:s3cret@db.internal:5432/gw") ==
        "postgres://gw:***@db.internal:5432/gw");
  CHECK(gw::url_without_password("postgres://gw@db:5432/gw") == "postgres://gw@db:5432/gw");
  CHECK(gw::url_without_password("postgres://db:5432/gw?user=a@b") == "postgres://db:5432/gw?user=a@b");
  CHECK(gw::url_without_password("/home/me/.local/share/gw/gw.db") == "/home/me/.local/share/gw/gw.db");
}
