// Tests for core/http/http_request_head.h: the request line, Host, the caller's
// fields minus the ones the client frames itself, and when Content-Length is sent.
#include "core/http/http_request_head.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

std::string head_of(const HttpRequest& request) {
  auto url = parse_http_url(request.url);
  REQUIRE(url.ok());
  std::string out;
  append_request_head(request, *url, out);
  return out;
}

}  // namespace

TEST_CASE("request head: POST with the caller's fields, its own Host and Content-Length") {
  HttpRequest post;
  post.url = "http://localhost:8000/v1/chat/completions";
  post.headers.add("Content-Type", "application/json");
  post.headers.add("host", "evil.example");
  post.headers.add("connection", "close");
  post.headers.add("X-Empty", "");
  post.body = "{\"a\":1}";
  CHECK(head_of(post) ==
        "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/json\r\n"
        "X-Empty: \r\nContent-Length: 7\r\n\r\n");
}

TEST_CASE("request head: Content-Length goes with every body-carrying method, not with GET or HEAD") {
  HttpRequest request;
  request.url = "http://h/x";
  request.method = "GET";
  CHECK(head_of(request) == "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
  request.method = "HEAD";
  request.body = "ignored";
  CHECK_FALSE(sends_body(request));
  CHECK(head_of(request) == "HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n");
  request.method = "DELETE";
  request.body.clear();
  CHECK(head_of(request) == "DELETE /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
  request.method = "GET";
  request.body = "q";
  CHECK(head_of(request) == "GET /x HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\n");
}

}  // namespace gw
