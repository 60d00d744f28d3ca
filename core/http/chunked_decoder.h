// chunked_decoder.h - incremental decoder for HTTP/1.1 chunked transfer
// coding (RFC 9112 section 7.1). Bytes go in as they come off the socket, cut
// at any boundary; body bytes come out. Chunk extensions and trailer fields
// are checked, bounded and dropped. Thread-compatible (one per body).
//
// The grammar is RFC 9112's, as llhttp's strict mode reads it: a chunk size
// is hex digits only (no sign, "0x" or blanks inside: "2 3" is an error),
// optionally followed by blanks and ';' extensions free of control bytes; a
// trailer line is "name: value" with a token name and no control bytes in
// the value (a line without a colon is an error, so a pipelined request can
// never be taken for a trailer). Lines end in CRLF; LineEnds::kCrlfOrLf
// also takes a bare LF, and blanks after a size, for what providers send.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

// All chunk extensions of one body together, bytes from the end of each size
// to its line end (';' and blanks included); more is kPayloadTooLarge.
inline constexpr size_t kMaxChunkExtensionBytes = 16 * 1024;
// The trailer section after the last chunk, line ends included, and its
// fields; more is kHeadersTooLarge.
inline constexpr size_t kMaxTrailerBytes = 64 * 1024;
inline constexpr int kMaxTrailerFields = 100;

class ChunkedDecoder {
 public:
  enum class LineEnds {
    kCrlfOnly,  // RFC 9112 to the letter (gw's server, for requests)
    kCrlfOrLf,  // a bare LF ends a line too, and blanks may end a size line (upstream answers)
  };
  explicit ChunkedDecoder(LineEnds line_ends = LineEnds::kCrlfOnly) : lenient_(line_ends == LineEnds::kCrlfOrLf) {}

  // Decodes `in`, appending body bytes to `out`. Returns how many bytes of
  // `in` it took: all of them, unless the body's end (the last chunk and its
  // trailers) came first, in which case the rest is not part of this body.
  // Errors: kInvalidRequest for bytes that are not chunked framing,
  // kPayloadTooLarge for extensions over kMaxChunkExtensionBytes,
  // kHeadersTooLarge for trailers over kMaxTrailerBytes or kMaxTrailerFields.
  // The decoder must not be used after an error.
  Result<size_t> decode(std::string_view in, std::string& out);

  // The whole body has been decoded.
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State {
    kSize,       // hex digits of a chunk size
    kSizeBlank,  // blanks after the size: ';' or the line end next
    kExtension,  // ";name=value" up to the line's end
    kSizeLf,     // CR seen after the size line; LF next
    kData,       // remaining_ bytes of chunk data
    kDataCr,     // the CRLF after chunk data
    kDataLf,
    kTrailer,        // start of a trailer line (or of the final blank line)
    kTrailerName,    // a trailer field's name, up to its ':'
    kTrailerValue,   // a trailer field's value, up to the line end
    kTrailerLineLf,  // CR after a trailer field seen; LF next
    kTrailerLf,      // CR of the final blank line seen; LF next
    kDone,
  };

  // The size line ended: data follows, or the trailer after the last chunk.
  Status end_size_line();
  // One framing byte (not chunk data).
  Status step(char c);
  // A line end where only CRLF is allowed: a bare LF is an error unless lenient.
  Status bare_lf(State next);

  State state_ = State::kSize;
  bool lenient_ = false;
  uint64_t remaining_ = 0;  // chunk size being read, then data bytes left
  int digits_ = 0;          // hex digits of the current size
  size_t extension_bytes_ = 0;
  size_t trailer_bytes_ = 0;
  int trailer_fields_ = 0;
};

}  // namespace gw
