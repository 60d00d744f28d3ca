// http1_request.h - reading an HTTP/1.x request off the wire (RFC 9112),
// as pure functions over bytes, for gw's own HTTP server.
//
// find_request_head() says whether a buffer holds a whole request head;
// parse_request_head() turns that head into a RequestHead (method, decoded
// path, raw query, headers, body framing, keep-alive). Errors are
// kInvalidRequest (400) or kPayloadTooLarge (413) with a message fit for the
// client. Chunked bodies are decoded with core/http/chunked_decoder.h (shared
// with the upstream client); writing the answer is core/http/http1_response.h.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/http/http_types.h"

namespace gw {

// How the request's body is delimited.
enum class BodyFraming { kNone, kLength, kChunked };

struct RequestHead {
  std::string method;
  std::string path;       // percent-decoded, without the query
  std::string query;      // raw, without '?'
  int minor_version = 1;  // HTTP/1.<minor>
  Headers headers;
  BodyFraming framing = BodyFraming::kNone;
  int64_t content_length = 0;    // kLength only
  bool keep_alive = true;        // the client allows another request on this connection
  bool expect_continue = false;  // "Expect: 100-continue"
};

// Largest request head gw reads: request line, header lines and the blank
// line that ends them, CRLFs included. Exactly 64 KiB is read; more is 431.
inline constexpr size_t kMaxRequestHeadBytes = 64 * 1024;

// Bytes of `buf` up to and including the CRLF CRLF that ends a request head,
// or 0 when the head is not complete yet. `from` lets a caller resume the
// search where the last one stopped (the bytes before it were searched).
// Errors: kInvalidRequest for a bare LF (RFC 9112 §2.2: lines end in CRLF,
// as llhttp's strict mode and nginx require), kHeadersTooLarge when the head
// cannot end within kMaxRequestHeadBytes.
Result<size_t> find_request_head(std::string_view buf, size_t from = 0);

// Parses one complete head as returned by find_request_head(). Bodies larger
// than max_body_bytes (by Content-Length) are refused with kPayloadTooLarge.
// kInvalidRequest (RFC 9112): a bare LF; a control byte (other than HTAB)
// in a header value, a space or control byte in the request target; a
// header name that is not a token; an HTTP/1.1 head without a Host line, or
// any head with two (which hosts are welcome is the caller's business);
// Transfer-Encoding other than one "chunked", on HTTP/1.0, or beside a
// Content-Length; conflicting Content-Lengths.
Result<RequestHead> parse_request_head(std::string_view head, int64_t max_body_bytes);

}  // namespace gw
