// http1_request.cc - HTTP/1.x request heads. Contracts in http1_request.h.
#include "core/http/http1_request.h"

#include <array>

#include "core/base/ascii_text.h"
#include "core/http/query_string.h"

namespace gw {
namespace {

Error bad_request(std::string message) { return make_error(ErrorKind::kInvalidRequest, std::move(message)); }

Error too_large() {
  return make_error(ErrorKind::kPayloadTooLarge, "request body is larger than the server accepts");
}

// RFC 9110 token characters (method and header names), as a table: every
// header name of every request is checked byte by byte.
constexpr auto kTchar = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

bool is_tchar(char c) { return kTchar[static_cast<unsigned char>(c)]; }

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

// Next line of `rest` without its "\r\n" or "\n"; advances `rest`.
std::string_view take_line(std::string_view& rest) {
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// "GET /v1/models?x=1 HTTP/1.1" into method, path, query and version.
Status parse_request_line(std::string_view line, RequestHead& head) {
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return bad_request("malformed request line");
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) return bad_request("malformed request method");
  if (version.size() != 8 || !version.starts_with("HTTP/1.") || version[7] < '0' || version[7] > '9')
    return bad_request("unsupported HTTP version (gw speaks HTTP/1.0 and HTTP/1.1)");
  head.minor_version = version[7] - '0';
  // Absolute form (a client talking to us as a proxy): keep the path only.
  if (size_t scheme = target.find("://"); scheme != std::string_view::npos && !target.starts_with("/")) {
    size_t slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || target.front() != '/') return bad_request("malformed request target");
  size_t q = target.find('?');
  head.method.assign(method);
  head.path = percent_decode(target.substr(0, q));
  if (q != std::string_view::npos) head.query.assign(target.substr(q + 1));
  return ok_status();
}

bool has_token(std::string_view list, std::string_view token) {
  for (std::string_view item : split(list, ','))
    if (iequals(trim_blanks(item), token)) return true;
  return false;
}

// Body framing, keep-alive and Expect from the parsed headers (RFC 9112 §6),
// and the one Host line RFC 9112 §3.2 asks for.
Status read_framing(RequestHead& head, int64_t max_body_bytes) {
  std::string_view length;
  bool chunked = false;
  bool has_length = false;
  int hosts = 0;
  for (const auto& [name, value] : head.headers.items()) {
    if (iequals(name, "Host")) {
      ++hosts;
    } else if (iequals(name, "Content-Length")) {
      if (has_length && value != length) return bad_request("conflicting Content-Length headers");
      length = value;
      has_length = true;
    } else if (iequals(name, "Transfer-Encoding")) {
      std::string_view te = trim_blanks(value);
      if (!iequals(te, "chunked")) return bad_request("unsupported Transfer-Encoding (only chunked is accepted)");
      chunked = true;
    } else if (iequals(name, "Connection")) {
      if (has_token(value, "close")) head.keep_alive = false;
      else if (has_token(value, "keep-alive")) head.keep_alive = true;
    } else if (iequals(name, "Expect")) {
      if (!iequals(trim_blanks(value), "100-continue")) return bad_request("unsupported Expect header");
      head.expect_continue = true;
    }
  }
  if (hosts > 1) return bad_request("more than one Host header");
  if (hosts == 0 && head.minor_version >= 1) return bad_request("missing Host header (HTTP/1.1 requires one)");
  if (chunked && has_length) return bad_request("both Content-Length and Transfer-Encoding were sent");
  if (chunked) {
    head.framing = BodyFraming::kChunked;
  } else if (has_length) {
    auto n = parse_decimal(trim_blanks(length));
    if (!n) return bad_request("malformed Content-Length");
    if (*n > max_body_bytes) return too_large();
    head.content_length = *n;
    head.framing = *n > 0 ? BodyFraming::kLength : BodyFraming::kNone;
  }
  return ok_status();
}

}  // namespace

size_t find_head_end(std::string_view buf, size_t from) {
  // Resume a little before `from` so a terminator split across reads is found.
  size_t i = from > 3 ? from - 3 : 0;
  for (;;) {
    size_t nl = buf.find('\n', i);
    if (nl == std::string_view::npos) return 0;
    if (nl + 1 < buf.size() && buf[nl + 1] == '\n') return nl + 2;
    if (nl + 2 < buf.size() && buf[nl + 1] == '\r' && buf[nl + 2] == '\n') return nl + 3;
    i = nl + 1;
  }
}

Result<RequestHead> parse_request_head(std::string_view head, int64_t max_body_bytes) {
  RequestHead out;
  std::string_view rest = head;
  std::string_view line = take_line(rest);
  while (line.empty() && !rest.empty()) line = take_line(rest);  // RFC 9112 §2.2: skip leading blank lines
  if (auto st = parse_request_line(line, out); !st) return st.error();
  out.keep_alive = out.minor_version >= 1;
  while (!rest.empty()) {
    line = take_line(rest);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') return bad_request("folded header lines are not accepted");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return bad_request("malformed header line");
    out.headers.add(std::string(line.substr(0, colon)), std::string(trim_blanks(line.substr(colon + 1))));
  }
  if (auto st = read_framing(out, max_body_bytes); !st) return st.error();
  return out;
}

}  // namespace gw
