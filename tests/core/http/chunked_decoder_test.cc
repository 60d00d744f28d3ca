// Tests for core/http/chunked_decoder.h: the same body comes out whatever the read
// boundaries; extensions and trailers are dropped; the end is found exactly;
// bad framing is an error.
#include "core/http/chunked_decoder.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {
namespace {

const std::string kWire =
    "7;name=value\r\ndata: a\r\n"
    "1c\r\n: comment\n\ndata: b bbbbbbbbb\r\n"
    "3\r\n\n\n\n\r\n"
    "0\r\nX-Trailer: one\r\nX-Other: two\r\n\r\n";
const std::string kBody = std::string("data: a") + ": comment\n\ndata: b bbbbbbbbb" + "\n\n\n";

// Decodes `wire` fed in pieces of `piece` bytes; the body, or "error".
std::string decode_in_pieces(std::string_view wire, size_t piece, size_t* consumed = nullptr) {
  ChunkedDecoder decoder;
  std::string out;
  size_t took = 0;
  for (size_t at = 0; at < wire.size() && !decoder.done(); at += piece) {
    auto n = decoder.decode(wire.substr(at, piece), out);
    if (!n) return "error";
    took += *n;
  }
  if (consumed) *consumed = took;
  return decoder.done() ? out : "unfinished";
}

}  // namespace

TEST_CASE("chunked decoder: every read boundary gives the same body") {
  for (size_t piece = 1; piece <= kWire.size(); ++piece) {
    CAPTURE(piece);
    CHECK(decode_in_pieces(kWire, piece) == kBody);
  }
}

TEST_CASE("chunked decoder: a wire split at each single position gives the same body") {
  for (size_t cut = 0; cut <= kWire.size(); ++cut) {
    CAPTURE(cut);
    ChunkedDecoder decoder;
    std::string out;
    REQUIRE(decoder.decode(std::string_view(kWire).substr(0, cut), out).ok());
    REQUIRE(decoder.decode(std::string_view(kWire).substr(cut), out).ok());
    CHECK(decoder.done());
    CHECK(out == kBody);
  }
}

TEST_CASE("chunked decoder: bytes after the body's end are left for what follows") {
  size_t consumed = 0;
  std::string wire = kWire + "HTTP/1.1 200 OK\r\n";
  CHECK(decode_in_pieces(wire, wire.size(), &consumed) == kBody);
  CHECK(consumed == kWire.size());
}

TEST_CASE("chunked decoder: bare LF line ends and upper-case hex are accepted") {
  CHECK(decode_in_pieces("B\nhello world\n0\n\n", 3) == "hello world");
}

TEST_CASE("chunked decoder: a body cut before its last chunk is not done") {
  CHECK(decode_in_pieces("5\r\nhello\r\n", 4) == "unfinished");
  CHECK(decode_in_pieces("5\r\nhel", 4) == "unfinished");
}

TEST_CASE("chunked decoder: bytes that are not chunked framing are an error") {
  CHECK(decode_in_pieces("zz\r\nhello\r\n0\r\n\r\n", 100) == "error");         // not hex
  CHECK(decode_in_pieces("\r\nhello\r\n0\r\n\r\n", 100) == "error");           // no size
  CHECK(decode_in_pieces("3\r\nhello\r\n0\r\n\r\n", 100) == "error");          // data longer than its size
  CHECK(decode_in_pieces("3\rxabc\r\n0\r\n\r\n", 100) == "error");             // CR without LF
  CHECK(decode_in_pieces("1000000000000000\r\n", 100) == "error");            // 16 hex digits: too large
}

}  // namespace gw
