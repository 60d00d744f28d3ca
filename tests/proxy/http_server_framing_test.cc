// http_server_framing_test.cc - gw's HTTP/1.1 server refuses the lenient
// framing that llhttp's strict mode and nginx refuse (RFC 9112), over raw
// loopback sockets: bare LF line ends, junk in chunk sizes, unbounded chunk
// extensions and trailers, colon-less trailer lines, control bytes in
// header fields, chunked HTTP/1.0 requests; an HTTP/1.0 client never gets a
// chunked reply; the request head is at most 64 KiB. Every refusal is a JSON
// error and the connection closes (its remaining bytes cannot be trusted).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/http/http1_request.h"
#include "tests/support/raw_wire.h"

namespace gw {
namespace {

std::string chunked_post(std::string_view body_framing) {
  return "POST /up HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(body_framing);
}

// Sends `request` on a fresh connection; expects `status` with a JSON error,
// then the connection closed.
void expect_refused(int port, const std::string& request, int status) {
  Wire w(port);
  w.send(request);
  auto r = w.read_response();
  CHECK(r.status == status);
  CHECK(r.headers.get("Connection") == "close");
  CHECK(nlohmann::json::parse(r.body)["error"]["message"].is_string());
  CHECK(w.at_eof());
}

}  // namespace

TEST_CASE("http server: a request head with bare LF line ends is 400") {
  LiveServer server(echo);
  // Before: served as if the lines had ended in CRLF.
  expect_refused(server.port(), "GET /x HTTP/1.1\nHost: gw\n\n", 400);
  expect_refused(server.port(), "GET /x HTTP/1.1\r\nHost: gw\nX-A: b\r\n\r\n", 400);
  expect_refused(server.port(), "GET /x HTTP/1.1\r\nHost: gw\r\n\n", 400);
}

TEST_CASE("http server: control bytes in a header value or name are 400") {
  LiveServer server(echo);
  // Before: a bare CR, NUL or other control byte inside a value was kept.
  for (std::string field :
       {std::string("X-A: a\rb"), std::string("X-A: a\0b", 8), std::string("X-A: a\x01z"), std::string("X-A: a\x7f"),
        std::string("X\rA: b"), std::string("Content-Type: multipart/form-data; boundary=\"a\rb\"")}) {
    CAPTURE(field);
    expect_refused(server.port(), "GET /x HTTP/1.1\r\nHost: gw\r\n" + field + "\r\n\r\n", 400);
  }
  Wire w(server.port());  // a tab and bytes above 0x7f stay allowed (RFC 9110 field-vchar, obs-text)
  w.send("GET /x HTTP/1.1\r\nHost: gw\r\nX-A: a\tb \xc3\xa9\r\n\r\n");
  CHECK(w.read_response().status == 200);
}

TEST_CASE("http server: a chunk size with anything but hex digits, then ';' or CRLF, is 400") {
  LiveServer server(echo);
  // Before: "2 3" was read as 2 with an extension " 3"; the others likewise.
  for (std::string size : {"2 3", "2\t3", "+2", "-2", "0x2", "2z", " 2", "2 ", "1000000000000000"}) {
    CAPTURE(size);
    expect_refused(server.port(), chunked_post(size + "\r\nab\r\n0\r\n\r\n"), 400);
  }
  Wire w(server.port());  // RFC 9112 §7.1.1: blanks may come before the ';' of an extension
  w.send(chunked_post("2 ;a=b\r\nab\r\n1;x=\"y\"\r\nc\r\n0\r\n\r\n"));
  auto r = w.read_response();
  CHECK(r.status == 200);
  CHECK(r.body == "abc");
}

TEST_CASE("http server: bare LF in chunked framing is 400") {
  LiveServer server(echo);
  expect_refused(server.port(), chunked_post("2\nab\r\n0\r\n\r\n"), 400);
  expect_refused(server.port(), chunked_post("2\r\nab\n0\r\n\r\n"), 400);
  expect_refused(server.port(), chunked_post("2\r\nab\r\n0\r\n\n"), 400);
  expect_refused(server.port(), chunked_post("2\r\nab\r\n0\r\nX-T: 1\n\r\n"), 400);
}

TEST_CASE("http server: chunk extensions over 16 KiB in all are 413") {
  LiveServer server(echo);
  // Before: any amount was read past (100 MiB accepted).
  expect_refused(server.port(), chunked_post("1;x=" + std::string(17 * 1024, 'e') + "\r\na\r\n0\r\n\r\n"), 413);
  std::string many;  // small extensions that add up
  for (int i = 0; i < 40; ++i) many += "1;" + std::string(500, 'e') + "\r\na\r\n";
  expect_refused(server.port(), chunked_post(many + "0\r\n\r\n"), 413);
  Wire w(server.port());
  w.send(chunked_post("1;" + std::string(16 * 1024 - 1, 'e') + "\r\na\r\n0\r\n\r\n"));  // 16 KiB with its ';'
  CHECK(w.read_response().status == 200);
}

TEST_CASE("http server: trailers over 64 KiB or 100 fields are 431") {
  LiveServer server(echo);
  std::string big;
  for (int i = 0; i < 70; ++i) big += "X-T" + std::to_string(i) + ": " + std::string(1000, 't') + "\r\n";
  expect_refused(server.port(), chunked_post("1\r\na\r\n0\r\n" + big + "\r\n"), 431);
  std::string many;
  for (int i = 0; i < 101; ++i) many += "X-T: 1\r\n";
  expect_refused(server.port(), chunked_post("1\r\na\r\n0\r\n" + many + "\r\n"), 431);
  Wire w(server.port());
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "X-T: 1\r\n";
  w.send(chunked_post("1\r\na\r\n0\r\n" + hundred + "\r\n"));
  CHECK(w.read_response().body == "a");
}

TEST_CASE("http server: a trailer line without a colon is 400 and cannot swallow a pipelined request") {
  LiveServer server(echo);
  // Before: "GET /second ..." was read as a trailer line: one answer for two requests.
  expect_refused(server.port(), chunked_post("3\r\nabc\r\n0\r\nGET /second HTTP/1.1\r\nHost: gw\r\n\r\n"), 400);
  expect_refused(server.port(), chunked_post("3\r\nabc\r\n0\r\nBad Name: x\r\n\r\n"), 400);
  expect_refused(server.port(), chunked_post("3\r\nabc\r\n0\r\nX-T: a\rb\r\n\r\n"), 400);
  Wire w(server.port());  // a well-formed trailer is read past, and the next request is answered
  w.send(chunked_post("3\r\nabc\r\n0\r\nX-Checksum: 1\r\n\r\n") + "GET /second HTTP/1.1\r\nHost: gw\r\n\r\n");
  CHECK(w.read_response().body == "abc");
  CHECK(w.read_response().headers.get("X-Path") == "/second");
}

TEST_CASE("http server: Transfer-Encoding on an HTTP/1.0 request is 400") {
  LiveServer server(echo);
  // Before: the chunked body was read (RFC 9112 §6.1: the framing is faulty).
  expect_refused(server.port(), "POST /up HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", 400);
  // Two Transfer-Encoding lines would mean chunked twice.
  expect_refused(server.port(), chunked_post("").insert(19, "Transfer-Encoding: chunked\r\n") + "1\r\na\r\n0\r\n\r\n",
                 400);
}

TEST_CASE("http server: an HTTP/1.0 client gets a stream without chunking, ended by the close") {
  LiveServer server([](const InboundRequest&) {
    Reply r;
    r.content_type = "text/event-stream";
    auto left = std::make_shared<int>(3);
    r.next_chunk = [left](std::string& chunk) {
      chunk = "data: " + std::to_string(*left) + "\n\n";
      return --*left == 0 ? StreamStep::kEnd : StreamStep::kChunk;
    };
    return r;
  });
  Wire old(server.port());
  old.send("GET /stream HTTP/1.0\r\n\r\n");
  auto r = old.read_response();
  CHECK(r.status == 200);
  CHECK_FALSE(r.headers.has("Transfer-Encoding"));  // before: chunked, which HTTP/1.0 does not know
  CHECK(r.headers.get("Connection") == "close");
  CHECK(r.body == "data: 3\n\ndata: 2\n\ndata: 1\n\n");
  Wire current(server.port());  // HTTP/1.1 keeps its chunked stream
  current.send("GET /stream HTTP/1.1\r\nHost: gw\r\n\r\n");
  auto chunked = current.read_response();
  CHECK(chunked.headers.get("Transfer-Encoding") == "chunked");
  CHECK(chunked.body == r.body);
}

TEST_CASE("http server: a request head of exactly 64 KiB is read; one byte more is 431") {
  LiveServer server(echo);
  const std::string start = "GET /x HTTP/1.1\r\nHost: gw\r\nX-Pad: ";
  auto head_of = [&](size_t total) { return start + std::string(total - start.size() - 4, 'p') + "\r\n\r\n"; };
  REQUIRE(head_of(kMaxRequestHeadBytes).size() == 64 * 1024);
  Wire w(server.port());
  w.send(head_of(kMaxRequestHeadBytes));
  CHECK(w.read_response().status == 200);
  // Before: up to ~80 KiB was read (the check ran before each 16 KiB read), and too much was a 400.
  expect_refused(server.port(), head_of(kMaxRequestHeadBytes + 1), 431);
  expect_refused(server.port(), "GET /x HTTP/1.1\r\nHost: gw\r\nX-Pad: " + std::string(70 * 1024, 'p'), 431);
}

}  // namespace gw
