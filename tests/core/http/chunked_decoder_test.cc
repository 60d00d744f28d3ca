// Tests for core/http/chunked_decoder.h: the same body comes out whatever the read
// boundaries; extensions and trailers are dropped; the end is found exactly;
// bad framing is an error (RFC 9112 strictly, or lenient on line ends for
// upstream answers); extensions and trailers are bounded.
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
std::string decode_in_pieces(std::string_view wire, size_t piece, size_t* consumed = nullptr,
                             ChunkedDecoder::LineEnds ends = ChunkedDecoder::LineEnds::kCrlfOnly) {
  ChunkedDecoder decoder(ends);
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

// The error a whole `wire` gives, decoded strictly.
Error error_of(std::string_view wire) {
  ChunkedDecoder decoder;
  std::string out;
  auto n = decoder.decode(wire, out);
  REQUIRE_FALSE(n.ok());
  return n.error();
}

TEST_CASE("chunked decoder: bare LF line ends and blanks after a size are accepted only when lenient") {
  constexpr auto kLenient = ChunkedDecoder::LineEnds::kCrlfOrLf;
  CHECK(decode_in_pieces("B\nhello world\n0\nX-T: 1\n\n", 3, nullptr, kLenient) == "hello world");
  CHECK(decode_in_pieces("B \r\nhello world\r\n0\r\n\r\n", 3, nullptr, kLenient) == "hello world");
  // Before: accepted by gw's server too; llhttp's strict mode and nginx refuse them.
  CHECK(decode_in_pieces("B\nhello world\r\n0\r\n\r\n", 3) == "error");
  CHECK(decode_in_pieces("B\r\nhello world\n0\r\n\r\n", 3) == "error");
  CHECK(decode_in_pieces("B\r\nhello world\r\n0\r\n\n", 3) == "error");
  CHECK(decode_in_pieces("B\r\nhello world\r\n0\r\nX-T: 1\n\r\n", 3) == "error");
  CHECK(decode_in_pieces("B \r\nhello world\r\n0\r\n\r\n", 3) == "error");
  CHECK(error_of("B\nhello world").message == "bad chunked framing: bare LF (lines end in CRLF)");
}

TEST_CASE("chunked decoder: a size is hex digits only, then blanks and ';' or the line end") {
  // Before: "2 3" was read as 2 with an extension " 3", and so were the others.
  for (auto ends : {ChunkedDecoder::LineEnds::kCrlfOnly, ChunkedDecoder::LineEnds::kCrlfOrLf}) {
    for (std::string size : {"2 3", "2\t3", "+2", "-2", "0x2", "2z", " 2", ";x", "2 ;x\x01"}) {
      CAPTURE(size);
      CHECK(decode_in_pieces(size + "\r\nab\r\n0\r\n\r\n", 100, nullptr, ends) == "error");
    }
    CHECK(decode_in_pieces("2 \t;a=b\r\nab\r\n1;x=\"y z\"\r\nc\r\n0\r\n\r\n", 1, nullptr, ends) == "abc");
  }
  CHECK(error_of("2 3\r\n").kind == ErrorKind::kInvalidRequest);
}

TEST_CASE("chunked decoder: chunk extensions are bounded to 16 KiB for the whole body") {
  std::string at_cap = "1;" + std::string(kMaxChunkExtensionBytes - 1, 'e') + "\r\na\r\n0\r\n\r\n";
  CHECK(decode_in_pieces(at_cap, 7) == "a");
  // Before: any amount was read past.
  Error one = error_of("1;" + std::string(kMaxChunkExtensionBytes, 'e') + "\r\n");
  CHECK(one.kind == ErrorKind::kPayloadTooLarge);
  std::string spread;
  for (int i = 0; i < 40; ++i) spread += "1;" + std::string(500, 'e') + "\r\na\r\n";
  CHECK(error_of(spread).kind == ErrorKind::kPayloadTooLarge);
  CHECK(error_of("1" + std::string(kMaxChunkExtensionBytes + 1, ' ')).kind == ErrorKind::kPayloadTooLarge);
}

TEST_CASE("chunked decoder: trailers are name: value lines, bounded to 64 KiB and 100 fields") {
  std::string hundred;
  for (int i = 0; i < kMaxTrailerFields; ++i) hundred += "X-T: 1\r\n";
  CHECK(decode_in_pieces("1\r\na\r\n0\r\n" + hundred + "\r\n", 5) == "a");
  // Before: any number and size of trailer lines was read past.
  CHECK(error_of("1\r\na\r\n0\r\n" + hundred + "X-T: 1\r\n").kind == ErrorKind::kHeadersTooLarge);
  CHECK(error_of("0\r\nX-Big: " + std::string(kMaxTrailerBytes, 'b')).kind == ErrorKind::kHeadersTooLarge);
  // Before: a line without a colon was a trailer, so a pipelined request was swallowed.
  CHECK(error_of("0\r\nGET /next HTTP/1.1\r\n").message == "bad chunked framing: malformed trailer field name");
  CHECK(error_of("0\r\nX-No-Colon\r\n").message == "bad chunked framing: trailer line without a colon");
  CHECK(error_of("0\r\n folded: x\r\n").kind == ErrorKind::kInvalidRequest);
  CHECK(error_of("0\r\nX-T: a\rb\r\n").message == "bad chunked framing: CR without LF in trailer field");
  CHECK(error_of("0\r\nX-T: a\x01b\r\n").message == "bad chunked framing: control byte in trailer field");
  CHECK(error_of(std::string("0\r\nX-T: a\0b\r\n", 13)).kind == ErrorKind::kInvalidRequest);
}

TEST_CASE("chunked decoder: a body cut before its last chunk is not done") {
  CHECK(decode_in_pieces("5\r\nhello\r\n", 4) == "unfinished");
  CHECK(decode_in_pieces("5\r\nhel", 4) == "unfinished");
}

TEST_CASE("chunked decoder: bytes that are not chunked framing are an error") {
  CHECK(decode_in_pieces("zz\r\nhello\r\n0\r\n\r\n", 100) == "error");  // not hex
  CHECK(decode_in_pieces("\r\nhello\r\n0\r\n\r\n", 100) == "error");    // no size
  CHECK(decode_in_pieces("3\r\nhello\r\n0\r\n\r\n", 100) == "error");   // data longer than its size
  CHECK(decode_in_pieces("3\rxabc\r\n0\r\n\r\n", 100) == "error");      // CR without LF
  CHECK(decode_in_pieces("1000000000000000\r\n", 100) == "error");      // 16 hex digits: too large
}

}  // namespace gw
