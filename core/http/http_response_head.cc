// http_response_head.cc - parse_response_head. Pure; thread-safe.
#include "core/http/http_response_head.h"

#include <charconv>

#include "core/base/ascii_text.h"

namespace gw {
namespace {

// Where the head in `in` ends (just past its blank line), or 0. Lines may end
// in CRLF or a bare LF.
size_t head_end(std::string_view in) {
  for (size_t lf = in.find('\n'); lf != std::string_view::npos; lf = in.find('\n', lf + 1)) {
    if (lf + 1 < in.size() && in[lf + 1] == '\n') return lf + 2;
    if (lf + 2 < in.size() && in[lf + 1] == '\r' && in[lf + 2] == '\n') return lf + 3;
  }
  return 0;
}

// True if the comma-separated `list` holds `token` (case-insensitively).
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    if (iequals(trim_blanks(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

Error malformed(std::string_view what) {
  return make_error(ErrorKind::kUpstreamError, "malformed response head: " + std::string(what));
}

// The body length the Content-Length fields state. Every field may be a
// list ("5, 5"); all elements of all fields must be one and the same decimal
// number (RFC 9110 section 8.6), else the response is refused: a second,
// different length is how an upstream plants bytes for the next request.
// `repeated`: more than one element was seen (accepted, but a framing doubt).
Status read_content_length(const Headers& headers, uint64_t& length, bool& repeated) {
  bool seen = false;
  repeated = false;
  for (const auto& [name, value] : headers.items()) {
    if (!iequals(name, "Content-Length")) continue;
    std::string_view list = value;
    for (;;) {
      size_t comma = list.find(',');
      std::string_view item = trim_blanks(list.substr(0, comma));
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
      if (item.empty() || ec != std::errc() || end != item.data() + item.size()) return malformed("bad Content-Length");
      if (seen && n != length) return malformed("conflicting Content-Length values");
      repeated = seen;
      seen = true;
      length = n;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return ok_status();
}

// Sets framing, content_length and keep_alive from the status and fields.
// Any doubt about where the body ends (Transfer-Encoding beside a
// Content-Length, on HTTP/1.0, or over several fields; a repeated length)
// clears keep_alive, so the connection is closed after this response rather
// than handing its leftovers to the next request (RFC 9112 section 6.3).
Status decide_framing(bool head_request, bool http10, ResponseHead& head) {
  std::string_view connection = head.headers.get("Connection");
  head.keep_alive = http10 ? has_token(connection, "keep-alive") : !has_token(connection, "close");
  if (head_request || head.status < 200 || head.status == 204 || head.status == 304) {
    head.framing = BodyFraming::kNone;
    return ok_status();
  }
  std::string_view te;
  bool has_length = false;
  int te_fields = 0;
  for (const auto& [name, value] : head.headers.items()) {
    if (iequals(name, "Transfer-Encoding")) {
      te = value;  // the last field holds the last coding
      ++te_fields;
    } else if (iequals(name, "Content-Length")) {
      has_length = true;
    }
  }
  if (te_fields > 0) {
    // Chunked only when it is the last coding; otherwise the close ends the body.
    size_t comma = te.rfind(',');
    bool chunked = iequals(trim_blanks(comma == std::string_view::npos ? te : te.substr(comma + 1)), "chunked");
    head.framing = chunked ? BodyFraming::kChunked : BodyFraming::kUntilClose;
    if (has_length || http10 || te_fields > 1) head.keep_alive = false;
  } else if (has_length) {
    bool repeated = false;
    Status length = read_content_length(head.headers, head.content_length, repeated);
    if (!length.ok()) return length;
    head.framing = BodyFraming::kContentLength;
    if (repeated) head.keep_alive = false;
  } else {
    head.framing = BodyFraming::kUntilClose;
  }
  if (head.framing == BodyFraming::kUntilClose) head.keep_alive = false;
  return ok_status();
}

}  // namespace

Result<size_t> parse_response_head(std::string_view in, bool head_request, ResponseHead& head) {
  size_t end = head_end(in);
  if (end == 0) return size_t{0};
  std::string_view rest = in.substr(0, end);
  size_t lf = rest.find('\n');
  std::string_view status_line = trim_blanks(rest.substr(0, lf));
  rest.remove_prefix(lf + 1);
  // "HTTP/1.x NNN reason"
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.") || status_line[8] != ' ')
    return malformed("bad status line");
  bool http10 = status_line[7] == '0';
  auto [code_end, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, head.status);
  if (ec != std::errc() || code_end != status_line.data() + 12 || head.status < 100)
    return malformed("bad status code");
  head.headers = Headers();
  for (lf = rest.find('\n'); lf != std::string_view::npos; lf = rest.find('\n')) {
    std::string_view line = trim_blanks(rest.substr(0, lf));
    rest.remove_prefix(lf + 1);
    if (line.empty()) break;  // the blank line
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return malformed("header line without a name");
    head.headers.add(std::string(trim_blanks(line.substr(0, colon))), std::string(trim_blanks(line.substr(colon + 1))));
  }
  Status framed = decide_framing(head_request, http10, head);
  if (!framed.ok()) return framed.error();
  return end;
}

}  // namespace gw
