// sse.h - Server-Sent Events framing. SseSplitter cuts an incoming byte
// stream into whole events (each ending in a blank line) without changing a
// byte, so gw can pass events through exactly as the provider sent them and
// look inside only the ones it must. Thread-compatible (one per stream).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

class SseSplitter {
 public:
  // Appends bytes; moves every complete event block (with its terminating
  // blank line) into `events`. Accepts \n\n, \r\n\r\n and \r\r terminators.
  void feed(std::string_view bytes, std::vector<std::string>& events);
  // Bytes of an incomplete trailing event (at end of stream).
  const std::string& pending() const { return pending_; }

 private:
  std::string pending_;
};

// The concatenated `data:` payload of one event block (lines joined with \n),
// and its `event:` name ("" when none).
std::string sse_data(std::string_view event_block);
std::string sse_event_name(std::string_view event_block);

// Characters of all "content":"..." string values in a JSON text, found by a
// cheap scan (no parse). Used to estimate tokens when a stream has no usage.
size_t scan_content_chars(std::string_view json_text);

}  // namespace gw
