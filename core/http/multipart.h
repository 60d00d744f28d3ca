// multipart.h - multipart/form-data bodies (RFC 7578), as file uploads
// arrive at /v1/audio/transcriptions: reading the boundary from the
// Content-Type, splitting a body into its parts, and writing parts back into
// a body (to forward an upload with some fields changed).
//
// Parts keep their bytes exactly (binary-safe); only Content-Disposition's
// name/filename and the part's Content-Type are read from part headers.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw {

struct MultipartPart {
  std::string name;          // Content-Disposition name="..."
  std::string filename;      // Content-Disposition filename="..."; empty for plain fields
  std::string content_type;  // the part's own Content-Type; empty when absent
  std::string data;          // the part's bytes, exactly as sent
};

// The first part named `name`, or nullptr.
const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name);

// The boundary of a "multipart/form-data; boundary=..." Content-Type value
// (quoted or not; type and parameter names compare case-insensitively).
// kInvalidRequest when the type is another one or the boundary is missing,
// empty, longer than 70 characters, or holds a byte that is not printable
// ASCII, a '"' or '\\', or ends in a space (a CR or LF never passes).
Result<std::string> multipart_boundary(std::string_view content_type);

// Splits `body` into its parts. Requires CRLF line endings, as RFC 7578
// does; a preamble before the first boundary and an epilogue after the last
// are ignored. kInvalidRequest when the body has no opening or closing
// boundary, or a part lacks headers or a Content-Disposition name.
Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary);

// A body holding `parts` in order, delimited by `boundary`, which must not
// occur in any part's data (choose_boundary() finds such a boundary; a
// boundary a body was parsed with is always safe for its parts). Quotes and
// line breaks in names and filenames are percent-encoded, as browsers do.
std::string encode_multipart(const std::vector<MultipartPart>& parts, std::string_view boundary);

// A boundary that occurs in none of the parts' data (deterministic).
std::string choose_boundary(const std::vector<MultipartPart>& parts);

// "multipart/form-data; boundary=<boundary>", the boundary quoted when it
// holds a character a token may not (space, '(', ')', ',', '/', ':', '=', '?').
std::string multipart_content_type(std::string_view boundary);

}  // namespace gw
