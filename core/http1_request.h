// http1_request.h - reading an HTTP/1.x request off the wire (RFC 9112),
// as pure functions over bytes, for gw's own HTTP server.
//
// find_head_end() says whether a buffer holds a whole request head;
// parse_request_head() turns that head into a RequestHead (method, decoded
// path, raw query, headers, body framing, keep-alive); ChunkedBodyDecoder
// decodes a chunked request body fed in pieces of any size. Errors are
// kInvalidRequest (400) or kPayloadTooLarge (413) with a message fit for the
// client. Nothing here allocates per byte: headers are copied once each.
//
// Thread-safety: pure functions; a ChunkedBodyDecoder belongs to one request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/http_types.h"
#include "core/result.h"

namespace gw {

// How the request's body is delimited.
enum class BodyFraming { kNone, kLength, kChunked };

struct RequestHead {
  std::string method;
  std::string path;   // percent-decoded, without the query
  std::string query;  // raw, without '?'
  int minor_version = 1;  // HTTP/1.<minor>
  Headers headers;
  BodyFraming framing = BodyFraming::kNone;
  int64_t content_length = 0;  // kLength only
  bool keep_alive = true;      // the client allows another request on this connection
  bool expect_continue = false;  // "Expect: 100-continue"
};

// Largest request head gw reads (request line plus headers).
inline constexpr size_t kMaxRequestHeadBytes = 64 * 1024;

// Bytes of `buf` up to and including the blank line that ends a head
// ("\r\n\r\n", or a bare "\n\n"), or 0 when the head is not complete yet.
// `from` lets a caller resume the search where the last one stopped.
size_t find_head_end(std::string_view buf, size_t from = 0);

// Parses one complete head as returned by find_head_end(). Bodies larger than
// max_body_bytes (by Content-Length) are refused with kPayloadTooLarge.
Result<RequestHead> parse_request_head(std::string_view head, int64_t max_body_bytes);

// Decodes "Transfer-Encoding: chunked" incrementally. feed() consumes as many
// bytes of `in` as it can, appends the decoded data to `out` and returns the
// count consumed; bytes it leaves unconsumed (a partial size line) must be
// fed again together with what follows. Chunk extensions and trailers are
// read and ignored. done() is true after the last chunk and its trailers.
class ChunkedBodyDecoder {
 public:
  explicit ChunkedBodyDecoder(int64_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}
  Result<size_t> feed(std::string_view in, std::string& out);
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kSize, kData, kDataEnd, kTrailer, kDone };
  State state_ = State::kSize;
  int64_t remaining_ = 0;  // data bytes left in the current chunk
  int64_t total_ = 0;      // decoded bytes so far
  const int64_t max_body_bytes_;
};

// "%41b" -> "Ab"; malformed escapes are kept as they are. '+' stays '+'
// (paths, unlike form data, do not encode spaces that way).
std::string percent_decode(std::string_view s);

}  // namespace gw
