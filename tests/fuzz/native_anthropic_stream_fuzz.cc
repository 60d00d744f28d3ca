// native_anthropic_stream_fuzz.cc - an Anthropic Messages stream on the native road
// (core/dialects/native_road.h): each SSE event rewritten in place (the
// model name) and read for usage, completion and content size.
#include <string>
#include <vector>

#include "core/dialects/native_road.h"
#include "core/http/sse.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gw::SseSplitter splitter;
  std::vector<std::string> events;
  splitter.feed(gw::fuzz::text(data, size), events);
  splitter.finish(events);
  auto stream = gw::anthropic_native_road().stream("native-model", "gw-model");
  for (auto& event : events) stream->event(event);
  (void)stream->finished();
  (void)stream->usage();
  (void)stream->content_bytes();
  (void)gw::anthropic_native_road().answer_usage(gw::fuzz::text(data, size), 11);
  return 0;
}
