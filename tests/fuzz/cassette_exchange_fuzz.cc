// cassette_exchange_fuzz.cc - a cassette file is text a person may edit
// (core/cassette/exchange.h). Reading it never crashes; what reads is
// written back as a cassette that reads again, and from then on the text is
// stable (write, read, write gives the same bytes).
#include "core/cassette/exchange.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto exchange = gw::exchange_from_text(gw::fuzz::text(data, size));
  if (!exchange) return 0;
  const std::string written = gw::exchange_to_text(*exchange);
  auto reread = gw::exchange_from_text(written);
  GW_FUZZ_CHECK(reread.ok());
  GW_FUZZ_CHECK(gw::exchange_to_text(*reread) == written);
  return 0;
}
