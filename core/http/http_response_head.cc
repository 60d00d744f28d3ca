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

// Sets framing, content_length and keep_alive from the status and fields.
Status decide_framing(bool head_request, bool http10, ResponseHead& head) {
  std::string_view connection = head.headers.get("Connection");
  head.keep_alive = http10 ? has_token(connection, "keep-alive") : !has_token(connection, "close");
  if (head_request || head.status < 200 || head.status == 204 || head.status == 304) {
    head.framing = BodyFraming::kNone;
    return ok_status();
  }
  if (std::string_view te = head.headers.get("Transfer-Encoding"); !te.empty()) {
    // Chunked only when it is the last coding; otherwise the close ends the body.
    size_t comma = te.rfind(',');
    bool chunked = iequals(trim_blanks(comma == std::string_view::npos ? te : te.substr(comma + 1)), "chunked");
    head.framing = chunked ? BodyFraming::kChunked : BodyFraming::kUntilClose;
  } else if (head.headers.has("Content-Length")) {
    std::string_view cl = head.headers.get("Content-Length");
    auto [end, ec] = std::from_chars(cl.data(), cl.data() + cl.size(), head.content_length);
    if (cl.empty() || ec != std::errc() || end != cl.data() + cl.size()) return malformed("bad Content-Length");
    head.framing = BodyFraming::kContentLength;
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
    head.headers.add(std::string(trim_blanks(line.substr(0, colon))),
                     std::string(trim_blanks(line.substr(colon + 1))));
  }
  Status framed = decide_framing(head_request, http10, head);
  if (!framed.ok()) return framed.error();
  return end;
}

}  // namespace gw
