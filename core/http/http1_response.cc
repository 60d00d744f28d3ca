// http1_response.cc - HTTP/1.1 response heads. Contracts in http1_response.h.
#include "core/http/http1_response.h"

#include <charconv>

namespace gw {
namespace {

struct Reason {
  int status;
  std::string_view phrase;
};

constexpr Reason kReasons[] = {
    {100, "Continue"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {304, "Not Modified"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {413, "Content Too Large"},
    {415, "Unsupported Media Type"},
    {422, "Unprocessable Content"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {499, "Client Closed Request"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

bool is_framing_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection");
}

void append_number(std::string& out, size_t n, int base) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n, base).ptr;
  out.append(digits, end);
}

}  // namespace

std::string_view reason_phrase(int status) {
  for (const Reason& r : kReasons)
    if (r.status == status) return r.phrase;
  if (status < 200) return "Informational";
  if (status < 300) return "Success";
  if (status < 400) return "Redirection";
  if (status < 500) return "Client Error";
  return "Server Error";
}

bool status_has_no_body(int status) { return status < 200 || status == 204 || status == 304; }

std::string render_response_head(int status, const Headers& headers, std::string_view content_type,
                                 std::optional<size_t> content_length, bool keep_alive, bool chunked) {
  std::string out;
  out.reserve(256);
  out += "HTTP/1.1 ";
  append_number(out, static_cast<size_t>(status), 10);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\n";
  bool has_type = false;
  for (const auto& [name, value] : headers.items()) {
    if (is_framing_header(name)) continue;
    has_type = has_type || iequals(name, "Content-Type");
    out.append(name).append(": ").append(value).append("\r\n");
  }
  bool bodyless = status_has_no_body(status);
  if (!has_type && !bodyless && !content_type.empty()) out.append("Content-Type: ").append(content_type).append("\r\n");
  if (bodyless) {
    // no framing headers at all
  } else if (content_length) {
    out += "Content-Length: ";
    append_number(out, *content_length, 10);
    out += "\r\n";
  } else if (chunked) {
    out += "Transfer-Encoding: chunked\r\n";
  }
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}

std::string chunk_size_line(size_t n) {
  std::string out;
  append_number(out, n, 16);
  out += "\r\n";
  return out;
}

}  // namespace gw
