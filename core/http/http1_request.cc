// http1_request.cc - HTTP/1.x request heads. Contracts in http1_request.h.
#include "core/http/http1_request.h"

#include <algorithm>

#include "core/base/ascii_text.h"
#include "core/http/field_chars.h"
#include "core/http/query_string.h"

namespace gw {
namespace {

Error bad_request(std::string message) { return make_error(ErrorKind::kInvalidRequest, std::move(message)); }

Error too_large() { return make_error(ErrorKind::kPayloadTooLarge, "request body is larger than the server accepts"); }

// Next line of `rest` without its CRLF; advances `rest`. False when the line
// ends in a bare LF (find_request_head refuses those; this keeps
// parse_request_head strict on its own).
bool take_line(std::string_view& rest, std::string_view& line) {
  size_t nl = rest.find('\n');
  line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  if (nl == std::string_view::npos) return true;
  if (line.empty() || line.back() != '\r') return false;
  line.remove_suffix(1);
  return true;
}

// `s` without the spaces and tabs around it (RFC 9110 OWS; a CR is not
// trimmed, so a stray one is seen as a control byte).
std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A request target holds no control byte, space or DEL (RFC 9112 §3.2).
bool is_clean_target(std::string_view target) {
  return std::none_of(target.begin(), target.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
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
  if (!is_clean_target(target)) return bad_request("malformed request target");
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
  int transfer_encodings = 0;
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
      ++transfer_encodings;
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
  if (transfer_encodings > 0) {
    // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
    if (head.minor_version == 0) return bad_request("Transfer-Encoding is not allowed in an HTTP/1.0 request");
    if (transfer_encodings > 1) return bad_request("more than one Transfer-Encoding header");
    if (has_length) return bad_request("both Content-Length and Transfer-Encoding were sent");
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

Result<size_t> find_request_head(std::string_view buf, size_t from) {
  // Resume a little before `from` so a terminator split across reads is found;
  // a LF seen before is checked again, which is harmless.
  size_t i = from > 3 ? from - 3 : 0;
  size_t limit = std::min(buf.size(), kMaxRequestHeadBytes);  // the head's last LF must be before this
  for (size_t nl; (nl = buf.find('\n', i)) != std::string_view::npos && nl < limit; i = nl + 1) {
    if (nl == 0 || buf[nl - 1] != '\r') return bad_request("bare LF in the request head (lines end in CRLF)");
    if (nl >= 3 && buf[nl - 2] == '\n' && buf[nl - 3] == '\r') return nl + 1;
  }
  if (buf.size() >= kMaxRequestHeadBytes)
    return make_error(ErrorKind::kHeadersTooLarge, "request head is larger than 64 KiB");
  return size_t{0};
}

Result<RequestHead> parse_request_head(std::string_view head, int64_t max_body_bytes) {
  RequestHead out;
  std::string_view rest = head;
  std::string_view line;
  auto bare_lf = [] { return bad_request("bare LF in the request head (lines end in CRLF)"); };
  do {  // RFC 9112 §2.2: skip blank lines before the request line
    if (!take_line(rest, line)) return bare_lf();
  } while (line.empty() && !rest.empty());
  if (auto st = parse_request_line(line, out); !st) return st.error();
  out.keep_alive = out.minor_version >= 1;
  while (!rest.empty()) {
    if (!take_line(rest, line)) return bare_lf();
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') return bad_request("folded header lines are not accepted");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return bad_request("malformed header line");
    std::string_view value = trim_ows(line.substr(colon + 1));
    if (!is_field_value(value)) return bad_request("control byte in a header value");
    out.headers.add(std::string(line.substr(0, colon)), std::string(value));
  }
  if (auto st = read_framing(out, max_body_bytes); !st) return st.error();
  return out;
}

}  // namespace gw
