// Tests for core/http/http_response_head.h: status and trimmed fields, waiting for
// a whole head, how the body is framed, when the connection may be kept, and
// what is not a response head.
#include "core/http/http_response_head.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {
namespace {

// Parses `wire` as the answer to a GET (or HEAD); fails the test on errors.
ResponseHead parsed(std::string_view wire, bool head_request = false) {
  ResponseHead head;
  auto took = parse_response_head(wire, head_request, head);
  REQUIRE(took.ok());
  CHECK(*took == wire.size());
  return head;
}

}  // namespace

TEST_CASE("response head: status, fields in order and trimmed, and the bytes it took") {
  std::string wire =
      "HTTP/1.1 201 Created\r\nContent-Type:  application/json \r\nX-Empty:\r\nContent-Length: 2\r\n\r\n";
  ResponseHead head;
  auto took = parse_response_head(wire + "{}", false, head);
  REQUIRE(took.ok());
  CHECK(*took == wire.size());
  CHECK(head.status == 201);
  REQUIRE(head.headers.items().size() == 3);
  CHECK(head.headers.items()[0].first == "Content-Type");
  CHECK(head.headers.get("content-type") == "application/json");
  CHECK(head.headers.has("X-Empty"));
  CHECK(head.framing == BodyFraming::kContentLength);
  CHECK(head.content_length == 2);
  CHECK(head.keep_alive);
}

TEST_CASE("response head: an incomplete head takes nothing yet") {
  ResponseHead head;
  for (std::string_view part : {"", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nA: b\r\n"}) {
    auto took = parse_response_head(part, false, head);
    REQUIRE(took.ok());
    CHECK(*took == 0);
  }
  CHECK(parsed("HTTP/1.1 200 OK\nA: b\n\n").headers.get("A") == "b");  // bare LF line ends
}

TEST_CASE("response head: how the body is framed") {
  CHECK(parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n").framing ==
        BodyFraming::kChunked);
  CHECK(parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n").framing == BodyFraming::kChunked);
  ResponseHead gzip_only = parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
  CHECK(gzip_only.framing == BodyFraming::kUntilClose);
  CHECK_FALSE(gzip_only.keep_alive);
  ResponseHead no_length = parsed("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
  CHECK(no_length.framing == BodyFraming::kUntilClose);
  CHECK_FALSE(no_length.keep_alive);
  CHECK(parsed("HTTP/1.1 204 No Content\r\n\r\n").framing == BodyFraming::kNone);
  CHECK(parsed("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n").framing == BodyFraming::kNone);
  CHECK(parsed("HTTP/1.1 100 Continue\r\n\r\n").framing == BodyFraming::kNone);
  ResponseHead head = parsed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", /*head_request=*/true);
  CHECK(head.framing == BodyFraming::kNone);
  CHECK(head.keep_alive);
}

TEST_CASE("response head: Connection: close and HTTP/1.0 decide whether the connection is kept") {
  CHECK_FALSE(parsed("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n").keep_alive);
  CHECK_FALSE(parsed("HTTP/1.1 200 OK\r\nConnection: upgrade, close\r\nContent-Length: 0\r\n\r\n").keep_alive);
  CHECK_FALSE(parsed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
  CHECK(parsed("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keep_alive);
}

TEST_CASE("response head: Content-Lengths that disagree are an error, not the first one believed") {
  for (std::string_view wire :
       {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 30\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5, 30\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5,\r\n\r\n"}) {
    CAPTURE(wire);
    ResponseHead head;
    auto took = parse_response_head(wire, false, head);
    REQUIRE_FALSE(took.ok());
    CHECK(took.error().kind == ErrorKind::kUpstreamError);
  }
  ResponseHead agreeing = parsed("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\ncontent-length: 5\r\n\r\n");
  CHECK(agreeing.framing == BodyFraming::kContentLength);
  CHECK(agreeing.content_length == 5);
  CHECK_FALSE(agreeing.keep_alive);  // accepted once, but the connection is not trusted with another request
}

TEST_CASE("response head: a framing doubt leaves the connection to be closed, not kept") {
  ResponseHead both = parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n");
  CHECK(both.framing == BodyFraming::kChunked);  // Transfer-Encoding wins (RFC 9112 6.3)
  CHECK_FALSE(both.keep_alive);
  ResponseHead old = parsed("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n");
  CHECK_FALSE(old.keep_alive);
  ResponseHead split = parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
  CHECK(split.framing == BodyFraming::kChunked);  // the last field's last coding
  CHECK_FALSE(split.keep_alive);
  CHECK(parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").keep_alive);
}

TEST_CASE("response head: what is not an HTTP/1.x response head is an error") {
  for (std::string_view wire :
       {"SSH-2.0-OpenSSH\r\n\r\n", "HTTP/2 200\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n"}) {
    CAPTURE(wire);
    ResponseHead head;
    auto took = parse_response_head(wire, false, head);
    REQUIRE_FALSE(took.ok());
    CHECK(took.error().kind == ErrorKind::kUpstreamError);
  }
}

}  // namespace gw
