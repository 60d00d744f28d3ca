// sse_fuzz.cc - SseSplitter cuts a byte stream into events without changing
// a byte: fed whole or in two pieces it gives the same events, and the
// events plus what is pending are exactly the bytes fed. Each event's data
// and name are read as the decoders read them.
#include <string>
#include <vector>

#include "core/http/sse.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

std::vector<std::string> split_events(std::string_view a, std::string_view b, std::string& pending) {
  gw::SseSplitter splitter;
  std::vector<std::string> events;
  splitter.feed(a, events);
  splitter.feed(b, events);
  splitter.finish(events);
  pending = splitter.pending();
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [a, b] = gw::fuzz::split(gw::fuzz::text(data, size));
  const std::string whole = std::string(a) + std::string(b);
  std::string pending_one, pending_two;
  const auto one = split_events(whole, {}, pending_one);
  const auto two = split_events(a, b, pending_two);
  GW_FUZZ_CHECK(one == two && pending_one == pending_two);
  std::string joined;
  for (const auto& e : one) {
    joined += e;
    (void)gw::sse_data(e);
    (void)gw::sse_event_name(e);
    (void)gw::scan_content_chars(e);
  }
  GW_FUZZ_CHECK(joined + pending_one == whole);
  // A tiny event cap: the splitter drops the stream, never overruns.
  gw::SseSplitter capped(16);
  std::vector<std::string> events;
  capped.feed(a, events);
  capped.feed(b, events);
  for (const auto& e : events) GW_FUZZ_CHECK(!e.empty());
  return 0;
}
