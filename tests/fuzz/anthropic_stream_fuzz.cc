// anthropic_stream_fuzz.cc - an Anthropic SSE stream as gw relays it across dialects
// (fuzz_support.h's relay_stream: cut into events, decoded by the Anthropic adapter's stream
// decoder, the canonical chunks encoded in every client dialect).
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gw::fuzz::relay_stream(gw::anthropic_adapter(), gw::fuzz::text(data, size));
  return 0;
}
