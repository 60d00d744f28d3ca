// anthropic_stream_fuzz.cc - an Anthropic SSE stream as gw relays it across dialects:
// cut into events (SseSplitter), decoded by the Anthropic adapter's stream
// decoder, and the canonical chunks encoded in every client dialect.
#include <vector>

#include "core/http/sse.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gw::SseSplitter splitter;
  std::vector<std::string> events;
  splitter.feed(gw::fuzz::text(data, size), events);
  splitter.finish(events);
  auto decoder = gw::anthropic_adapter().stream_decoder();
  std::vector<nlohmann::json> chunks;
  for (const auto& event : events) {
    if (!decoder->decode(event, chunks)) break;  // the stream fails here
  }
  (void)decoder->finished();
  gw::fuzz::encode_in_every_dialect(chunks);
  return 0;
}
