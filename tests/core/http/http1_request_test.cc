// http1_request_test.cc - reading HTTP/1.x requests: heads, framing,
// keep-alive, response heads, percent-decoding of paths.
#include "core/http/http1_request.h"

#include <doctest/doctest.h>

#include <string>

#include "core/http/http1_response.h"
#include "core/http/query_string.h"

namespace gw {
namespace {

RequestHead parse_ok(std::string_view head, int64_t max_body = 1 << 20) {
  auto r = parse_request_head(head, max_body);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r).value();
}

Error parse_error(std::string_view head, int64_t max_body = 1 << 20) {
  auto r = parse_request_head(head, max_body);
  REQUIRE(!r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("http1: find_request_head finds CRLF CRLF, also when resumed mid-terminator") {
  std::string req = "GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY";
  CHECK(*find_request_head(req) == req.size() - 4);
  CHECK(*find_request_head("GET / HTTP/1.1\r\nHost: x\r\n") == 0);
  // The search resumed after "...\r\n\r" still sees the terminator.
  std::string partial = "GET / HTTP/1.1\r\nHost: x\r\n\r";
  CHECK(*find_request_head(partial) == 0);
  CHECK(*find_request_head(partial + "\n", partial.size()) == partial.size() + 1);
}

TEST_CASE("http1: a bare LF in a request head is 400, found as soon as it arrives") {
  // Before: "\n\n" ended a head and a bare LF ended a line.
  for (std::string head :
       {"GET / HTTP/1.1\nHost: x\n\n", "GET / HTTP/1.1\r\nHost: x\n", "\n", "GET / HTTP/1.1\r\n\n"}) {
    CAPTURE(head);
    auto found = find_request_head(head);
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().http_status() == 400);
    CHECK(found.error().message.find("bare LF") != std::string::npos);
  }
  CHECK(parse_error("GET / HTTP/1.1\nHost: x\n\n").message.find("bare LF") != std::string::npos);
}

TEST_CASE("http1: a head of exactly 64 KiB is found; one byte more is 431, also before it ends") {
  std::string start = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ";
  auto head_of = [&](size_t n) { return start + std::string(n - start.size() - 4, 'p') + "\r\n\r\n"; };
  CHECK(*find_request_head(head_of(kMaxRequestHeadBytes)) == 64 * 1024);
  CHECK(*find_request_head(head_of(kMaxRequestHeadBytes) + "GET", 100) == 64 * 1024);
  auto over = find_request_head(head_of(kMaxRequestHeadBytes + 1));
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().http_status() == 431);
  std::string unfinished = start + std::string(kMaxRequestHeadBytes, 'p');
  CHECK(*find_request_head(unfinished.substr(0, kMaxRequestHeadBytes - 1)) == 0);  // may still end in time
  CHECK(find_request_head(unfinished.substr(0, kMaxRequestHeadBytes)).error().http_status() == 431);
}

TEST_CASE("http1: control bytes in a header value or the target, and chunked HTTP/1.0, are 400") {
  for (std::string value : {std::string("a\rb"), std::string("a\r"), std::string("a\0b", 3), std::string("\x1b[31m"),
                            std::string("a\x7f")}) {
    CAPTURE(value);
    CHECK(parse_error("GET / HTTP/1.1\r\nHost: x\r\nX-A: " + value + "\r\n\r\n").message ==
          "control byte in a header value");
  }
  CHECK(parse_ok("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\tb \xff\r\n\r\n").headers.get("X-A") == "a\tb \xff");
  CHECK(parse_error("GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n").message == "malformed request target");
  CHECK(parse_error("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n").message ==
        "Transfer-Encoding is not allowed in an HTTP/1.0 request");
  CHECK(parse_error("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
            .message == "more than one Transfer-Encoding header");
}

TEST_CASE("http1: a request head gives method, decoded path, raw query and headers in order") {
  RequestHead h = parse_ok(
      "POST /v1/models/openai%2Fgpt-4o?x=a%20b&y=1 HTTP/1.1\r\nHost: gw\r\nX-Thing:   spaced  \r\n"
      "Content-Length: 12\r\n\r\n");
  CHECK(h.method == "POST");
  CHECK(h.path == "/v1/models/openai/gpt-4o");
  CHECK(h.query == "x=a%20b&y=1");
  CHECK(h.headers.get("x-thing") == "spaced");
  CHECK(h.headers.items().front().first == "Host");
  CHECK(h.framing == BodyFraming::kLength);
  CHECK(h.content_length == 12);
  CHECK(h.keep_alive);
  CHECK_FALSE(h.expect_continue);
}

TEST_CASE("http1: keep-alive follows the version and the Connection header") {
  CHECK_FALSE(parse_ok("GET / HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n").keep_alive);
  CHECK_FALSE(parse_ok("GET / HTTP/1.0\r\n\r\n").keep_alive);
  CHECK(parse_ok("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive);
  CHECK_FALSE(parse_ok("GET / HTTP/1.1\r\nHost: gw\r\nConnection: foo, close\r\n\r\n").keep_alive);
}

TEST_CASE("http1: framing - chunked, zero length, Expect: 100-continue, absolute-form target") {
  RequestHead c =
      parse_ok("POST /x HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
  CHECK(c.framing == BodyFraming::kChunked);
  CHECK(c.expect_continue);
  CHECK(parse_ok("POST /x HTTP/1.1\r\nHost: gw\r\nContent-Length: 0\r\n\r\n").framing == BodyFraming::kNone);
  CHECK(parse_ok("GET http://localhost:8080/health?x HTTP/1.1\r\nHost: gw\r\n\r\n").path == "/health");
}

TEST_CASE("http1: malformed or unsupported heads are 400 with a reason; oversized bodies 413") {
  CHECK(parse_error("GARBAGE\r\n\r\n").http_status() == 400);
  CHECK(parse_error("GET / HTTP/2.0\r\n\r\n").message.find("HTTP/1.0 and HTTP/1.1") != std::string::npos);
  CHECK(parse_error("GET nopath HTTP/1.1\r\nHost: gw\r\n\r\n").http_status() == 400);
  CHECK(parse_error("GET / HTTP/1.1\r\nHost: gw\r\nNo colon here\r\n\r\n").http_status() == 400);
  CHECK(parse_error("GET / HTTP/1.1\r\nHost: gw\r\nA: b\r\n folded\r\n\r\n").message.find("folded") !=
        std::string::npos);
  CHECK(parse_error("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").http_status() ==
        400);
  CHECK(parse_error("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: -1\r\n\r\n").http_status() == 400);
  CHECK(parse_error("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
            .http_status() == 400);
  CHECK(parse_error("POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: gzip\r\n\r\n").http_status() == 400);
  CHECK(parse_error("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 101\r\n\r\n", 100).http_status() == 413);
  CHECK(parse_ok("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n", 100).content_length == 100);
}

TEST_CASE("http1: percent_decode decodes escapes and keeps malformed ones and '+'") {
  CHECK(percent_decode("/a%2Fb%20c") == "/a/b c");
  CHECK(percent_decode("/100%") == "/100%");
  CHECK(percent_decode("/%zz+x") == "/%zz+x");
}

TEST_CASE("http1: response heads carry status, headers, one Content-Type and framing") {
  Headers h;
  h.add("X-Request-Id", "abc");
  h.add("Content-Length", "999");  // framing belongs to the server
  CHECK(render_response_head(200, h, "application/json", 5, true) ==
        "HTTP/1.1 200 OK\r\nX-Request-Id: abc\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n");
  Headers typed;
  typed.add("Content-Type", "text/plain");
  CHECK(render_response_head(429, typed, "application/json", std::nullopt, false) ==
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n");
  CHECK(render_response_head(204, {}, "application/json", 0, true) == "HTTP/1.1 204 No Content\r\n\r\n");
  // To an HTTP/1.0 client a body of unknown length ends with the close, without chunking.
  CHECK(render_response_head(200, {}, "text/event-stream", std::nullopt, false, /*chunked=*/false) ==
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
  CHECK(reason_phrase(418) == "Client Error");
  CHECK(chunk_size_line(255) == "ff\r\n");
}

TEST_CASE("http1: an HTTP/1.1 head needs exactly one Host line (RFC 9112 3.2); HTTP/1.0 may omit it") {
  Error missing = parse_error("GET /v1/models HTTP/1.1\r\nAccept: */*\r\n\r\n");
  CHECK(missing.http_status() == 400);
  CHECK(missing.message == "missing Host header (HTTP/1.1 requires one)");
  Error twice = parse_error("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nhost: evil.example.com\r\n\r\n");
  CHECK(twice.http_status() == 400);
  CHECK(twice.message == "more than one Host header");
  CHECK(parse_error("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n").http_status() == 400);
  CHECK(parse_ok("GET /v1/models HTTP/1.0\r\n\r\n").headers.get("host").empty());
}

}  // namespace gw
