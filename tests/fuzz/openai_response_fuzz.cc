// openai_response_fuzz.cc - a whole OpenAI-compatible answer body as the OpenAI adapter
// reads it (parse_response), and the canonical answer it gives rendered in
// every client dialect.
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto canonical = gw::openai_adapter().parse_response(gw::fuzz::text(data, size));
  if (canonical.ok()) gw::fuzz::render_in_every_dialect(canonical.value());
  return 0;
}
