// chunked_decoder_fuzz.cc - ChunkedDecoder on hostile chunked framing, fed
// whole and cut in two at an arbitrary point (as socket reads cut it): both
// must decode the same body, take the same bytes and agree on errors.
#include <string>

#include "core/http/chunked_decoder.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

struct Outcome {
  bool ok = true;
  size_t taken = 0;
  bool done = false;
  std::string body;
};

Outcome decode_in_pieces(std::string_view a, std::string_view b) {
  gw::ChunkedDecoder decoder;
  Outcome o;
  for (std::string_view piece : {a, b}) {
    if (decoder.done()) break;
    auto took = decoder.decode(piece, o.body);
    if (!took.ok()) {
      o.ok = false;
      return o;
    }
    GW_FUZZ_CHECK(took.value() <= piece.size());
    o.taken += took.value();
    if (took.value() < piece.size()) GW_FUZZ_CHECK(decoder.done());
  }
  o.done = decoder.done();
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [a, b] = gw::fuzz::split(gw::fuzz::text(data, size));
  const std::string whole = std::string(a) + std::string(b);
  const Outcome one = decode_in_pieces(whole, {});
  const Outcome two = decode_in_pieces(a, b);
  GW_FUZZ_CHECK(one.ok == two.ok);
  if (!one.ok) return 0;
  GW_FUZZ_CHECK(one.done == two.done && one.taken == two.taken && one.body == two.body);
  GW_FUZZ_CHECK(one.body.size() <= whole.size());
  return 0;
}
