// http_response_head.h - parses an HTTP/1.x response head (status line and
// header fields) and works out how its body is delimited, for a client that
// reads raw bytes off a socket. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/base/result.h"
#include "core/http/http_types.h"

namespace gw {

// How the body after a head is delimited (RFC 9112 section 6.3).
enum class BodyFraming {
  kNone,           // no body: HEAD request, 1xx, 204, 304
  kContentLength,  // exactly ResponseHead::content_length bytes
  kChunked,        // chunked transfer coding (see ChunkedDecoder)
  kUntilClose,     // the body ends when the server closes the connection
};

struct ResponseHead {
  int status = 0;
  Headers headers;  // in order, names and values trimmed of blanks
  BodyFraming framing = BodyFraming::kUntilClose;
  uint64_t content_length = 0;  // bytes, with kContentLength
  // The connection may carry another request after this body: HTTP/1.1
  // without "Connection: close" (1.0 only with "keep-alive"), and a body
  // whose end is known without the connection closing and without doubt
  // (false with Transfer-Encoding beside Content-Length, on HTTP/1.0 or in
  // several fields, and with a repeated Content-Length).
  bool keep_alive = false;
};

// Upper bound on a head's size a client should accept (bytes).
inline constexpr size_t kMaxResponseHeadBytes = 64 * 1024;

// Parses the head at the start of `in` into `head`. Returns the bytes the
// head took (through its blank line), or 0 when `in` does not hold a whole
// head yet. Errors (kUpstreamError): not an "HTTP/1.x NNN" status line, a
// header line without ':', a bad Content-Length. `head_request`: the request
// was HEAD, so no body follows whatever the header fields say.
Result<size_t> parse_response_head(std::string_view in, bool head_request, ResponseHead& head);

}  // namespace gw
