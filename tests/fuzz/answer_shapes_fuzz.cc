// answer_shapes_fuzz.cc - a stored answer served in the other shape
// (core/cache/answer_shapes.h). The first byte picks the dialect and the
// direction; the rest is a whole body or a stream. A whole body that
// streams must fold back into a whole answer, and that answer must stream
// again: a cache hit never fails halfway through a shape it started.
#include <cstdlib>

#include "core/cache/answer_shapes.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr gw::ClientFormat kFormats[] = {gw::ClientFormat::kOpenAIChat, gw::ClientFormat::kAnthropicMessages,
                                                  gw::ClientFormat::kOpenAIResponses};
  const gw::ClientFormat format = kFormats[data[0] % 3];
  const bool from_whole = (data[0] / 3) % 2 == 0;
  const bool include_usage = (data[0] / 6) % 2 == 1;
  const std::string input(gw::fuzz::text(data + 1, size - 1));
  gw::Usage usage;
  usage.prompt_tokens = 3;
  usage.completion_tokens = 4;
  if (!from_whole) {
    (void)gw::whole_from_stream(format, input, usage);
    return 0;
  }
  auto stream = gw::stream_from_whole(format, input, include_usage);
  if (!stream) return 0;
  std::string events;
  for (const std::string& e : *stream) events += e;
  auto whole = gw::whole_from_stream(format, events, usage);
  if (!whole) std::abort();  // streamed, but does not fold back
  if (!gw::stream_from_whole(format, *whole, include_usage)) std::abort();
  return 0;
}
