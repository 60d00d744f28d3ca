// chunked_decoder.h - incremental decoder for HTTP/1.1 chunked transfer
// coding (RFC 9112 section 7.1). Bytes go in as they come off the socket, cut
// at any boundary; body bytes come out. Chunk extensions and trailer fields
// are read past and dropped. Thread-compatible (one per response body).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

class ChunkedDecoder {
 public:
  // Decodes `in`, appending body bytes to `out`. Returns how many bytes of
  // `in` it took: all of them, unless the body's end (the last chunk and its
  // trailers) came first, in which case the rest is not part of this body.
  // Error (kUpstreamError) on bytes that are not chunked framing; the decoder
  // must not be used after that.
  Result<size_t> decode(std::string_view in, std::string& out);

  // The whole body has been decoded.
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State {
    kSize,         // hex digits of a chunk size
    kExtension,    // after the size: ";name=value" up to the line's end
    kSizeLf,       // CR seen after the size; LF next
    kData,         // remaining_ bytes of chunk data
    kDataCr,       // the CRLF after chunk data
    kDataLf,
    kTrailer,      // start of a trailer line (or of the final blank line)
    kTrailerLine,  // inside a trailer field line
    kTrailerLf,    // CR of the final blank line seen; LF next
    kDone,
  };

  // The size line ended: data follows, or the trailer after the last chunk.
  Status end_size_line();

  State state_ = State::kSize;
  uint64_t remaining_ = 0;  // chunk size being read, then data bytes left
  int digits_ = 0;          // hex digits of the current size
};

}  // namespace gw
