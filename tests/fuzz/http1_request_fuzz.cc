// http1_request_fuzz.cc - what gw's server reads off a client socket: a
// request head (find_request_head, parse_request_head) and its body's
// framing (Content-Length, or chunked through ChunkedDecoder), as
// proxy/server/http_connection.cc does. Checks that the search for a head's
// end comes to the same answer when the bytes arrive in two reads, and that
// a head it accepts is never longer than kMaxRequestHeadBytes.
#include <string>

#include "core/http/chunked_decoder.h"
#include "core/http/http1_request.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gw;
  // The wire bytes arrive in two reads: the search resumed after the first
  // (which found no end) must find what a search of all the bytes finds.
  const auto [first, second] = fuzz::split(fuzz::text(data, size));
  const std::string wire = std::string(first) + std::string(second);
  const auto found = find_request_head(wire);
  const auto in_first = find_request_head(first);
  if (in_first.ok() && in_first.value() == 0) {
    const auto resumed = find_request_head(wire, first.size());
    GW_FUZZ_CHECK(resumed.ok() == found.ok());
    if (found.ok()) GW_FUZZ_CHECK(resumed.value() == found.value());
  }
  if (!found.ok() || found.value() == 0) return 0;
  const size_t whole = found.value();
  GW_FUZZ_CHECK(whole <= wire.size() && whole <= kMaxRequestHeadBytes);

  auto head = parse_request_head(wire.substr(0, whole), 1 << 20);
  if (!head.ok()) return 0;
  const RequestHead& h = head.value();
  GW_FUZZ_CHECK(h.content_length >= 0 && h.content_length <= (1 << 20));
  const std::string_view body = std::string_view(wire).substr(whole);
  if (h.framing == BodyFraming::kChunked) {
    ChunkedDecoder decoder;
    std::string out;
    auto took = decoder.decode(body, out);
    if (took.ok()) GW_FUZZ_CHECK(took.value() <= body.size());
  }
  return 0;
}
