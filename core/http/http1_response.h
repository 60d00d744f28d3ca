// http1_response.h - writing an HTTP/1.1 response head and chunked framing,
// as pure functions, for gw's own HTTP server.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/http_types.h"

namespace gw {

// "OK", "Not Found", ...; a status gw does not know gets its class's name.
std::string_view reason_phrase(int status);

// Statuses whose responses never have a body (1xx, 204, 304).
bool status_has_no_body(int status);

// The head of a response: status line, the handler's headers, Content-Type
// (the handler's own if it set one, else `content_type`), then framing:
// Content-Length when `content_length` is set; when it is not,
// "Transfer-Encoding: chunked", or with `chunked` false (an HTTP/1.0 client,
// RFC 9112 §6.1) no framing field: the body ends with the close, so
// keep_alive must be false. "Connection: close" when the connection ends
// after it. Framing headers the handler set are dropped: the server owns framing.
std::string render_response_head(int status, const Headers& headers, std::string_view content_type,
                                 std::optional<size_t> content_length, bool keep_alive, bool chunked = true);

// "1a\r\n": the size line in front of a chunk of `n` bytes.
std::string chunk_size_line(size_t n);

// Ends a chunked body: the empty last chunk and no trailers.
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

// The interim answer to "Expect: 100-continue".
inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace gw
