// sse.h - Server-Sent Events framing. SseSplitter cuts an incoming byte
// stream into whole events (each ending in a blank line) without changing a
// byte, so gw can pass events through exactly as the provider sent them and
// look inside only the ones it must. Thread-compatible (one per stream).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// The largest event SseSplitter buffers: 1 MiB. Real events are a few
// hundred bytes (a whole tool call's arguments at most some KiB); a provider
// that sends more without a blank line is broken or hostile.
inline constexpr size_t kMaxSseEventBytes = size_t{1} << 20;

class SseSplitter {
 public:
  explicit SseSplitter(size_t max_event_bytes = kMaxSseEventBytes) : max_event_bytes_(max_event_bytes) {}

  // Appends bytes; moves every complete event block (with its terminating
  // blank line) into `events`. Lines end in CRLF, LF or CR, as the SSE spec
  // says, mixed freely: an event ends at two line ends in a row (\n\n,
  // \r\n\r\n, \r\r, \n\r\n, \r\n\n ...). Blank lines before an
  // event's first line belong to that event. Linear in the bytes fed.
  // Once an unfinished event holds more than max_event_bytes, too_large()
  // is true, the buffer is dropped and further bytes are ignored: the
  // caller must fail the stream.
  void feed(std::string_view bytes, std::vector<std::string>& events);
  // At the end of the stream: the last event, when its blank line ended in
  // a CR that feed() held back in case an LF followed.
  void finish(std::vector<std::string>& events);
  bool too_large() const { return too_large_; }
  // Bytes of an incomplete trailing event (at end of stream).
  const std::string& pending() const { return pending_; }

 private:
  std::string pending_;
  size_t scanned_ = 0;     // bytes of pending_ already scanned for line ends
  size_t line_start_ = 0;  // where the line being scanned began, in pending_
  bool has_line_ = false;  // the event in pending_ has a line that is not blank
  size_t max_event_bytes_;
  bool too_large_ = false;
};

// The concatenated `data:` payload of one event block (lines joined with \n),
// and its `event:` name ("" when none).
std::string sse_data(std::string_view event_block);
std::string sse_event_name(std::string_view event_block);

// Characters of all "content":"..." string values in a JSON text, found by a
// cheap scan (no parse). Used to estimate tokens when a stream has no usage.
size_t scan_content_chars(std::string_view json_text);

}  // namespace gw
