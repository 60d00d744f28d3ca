// http_request_head.cc - append_request_head. Pure; thread-safe.
#include "core/http/http_request_head.h"

#include <charconv>

namespace gw {
namespace {

// Fields the client sets itself, or must not send.
bool framed_by_client(std::string_view name) {
  return iequals(name, "Host") || iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Expect") || iequals(name, "Connection");
}

}  // namespace

bool sends_body(const HttpRequest& request) {
  if (request.method == "HEAD") return false;
  return request.method != "GET" || !request.body.empty();
}

void append_request_head(const HttpRequest& request, const HttpUrl& url, std::string& out) {
  size_t size = request.method.size() + url.target.size() + url.host_header.size() + 64;
  for (const auto& [name, value] : request.headers.items()) size += name.size() + value.size() + 4;
  out.reserve(out.size() + size);
  out += request.method;
  out += ' ';
  out += url.target;
  out += " HTTP/1.1\r\nHost: ";
  out += url.host_header;
  out += "\r\n";
  for (const auto& [name, value] : request.headers.items()) {
    if (framed_by_client(name)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (sends_body(request)) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), request.body.size());
    out += "Content-Length: ";
    out.append(digits, end);
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace gw
