// http_url.cc - parse_http_url and url_authority. Pure; thread-safe.
#include "core/http/http_url.h"

#include <charconv>

#include "core/http/http_types.h"

namespace gw {
namespace {

// The pieces of "scheme://[user@]host[:port][/path][?query][#fragment]".
struct UrlParts {
  std::string_view scheme;
  std::string_view user_info;  // without the '@'
  std::string_view host;       // as written (IPv6 with brackets)
  std::string_view port;       // digits as written, empty when absent
  std::string_view target;     // path and query
};

// Where the authority of `rest` ("host..." after "://") ends: its first '/',
// '?' or '#' (a plain loop: find_first_of is slow for this on the hot path).
size_t authority_end(std::string_view rest) {
  for (size_t i = 0; i < rest.size(); ++i)
    if (rest[i] == '/' || rest[i] == '?' || rest[i] == '#') return i;
  return std::string_view::npos;
}

UrlParts split_url(std::string_view url) {
  UrlParts p;
  size_t scheme_end = url.find("://");
  std::string_view rest = url;
  if (scheme_end != std::string_view::npos) {
    p.scheme = url.substr(0, scheme_end);
    rest = url.substr(scheme_end + 3);
  }
  size_t auth_end = authority_end(rest);
  std::string_view auth = rest.substr(0, auth_end);
  if (auth_end != std::string_view::npos) p.target = rest.substr(auth_end, rest.find('#', auth_end) - auth_end);
  if (size_t at = auth.rfind('@'); at != std::string_view::npos) {
    p.user_info = auth.substr(0, at);
    auth.remove_prefix(at + 1);
  }
  size_t bracket = auth.rfind(']');
  size_t colon = auth.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    p.port = auth.substr(colon + 1);
    auth = auth.substr(0, colon);
  }
  p.host = auth;
  return p;
}

int default_port(std::string_view scheme) { return iequals(scheme, "https") ? 443 : 80; }

}  // namespace

Result<HttpUrl> parse_http_url(std::string_view url) {
  if (url.find("://") == std::string_view::npos) return make_error(ErrorKind::kInvalidRequest, "not an absolute URL");
  UrlParts p = split_url(url);
  HttpUrl out;
  if (iequals(p.scheme, "http")) out.scheme = "http";
  else if (iequals(p.scheme, "https")) out.scheme = "https";
  else return make_error(ErrorKind::kInvalidRequest, "unsupported URL scheme");
  std::string_view host = p.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) return make_error(ErrorKind::kInvalidRequest, "URL has no host");
  out.port = default_port(out.scheme);
  if (!p.port.empty()) {
    auto [end, ec] = std::from_chars(p.port.data(), p.port.data() + p.port.size(), out.port);
    if (ec != std::errc() || end != p.port.data() + p.port.size() || out.port < 1 || out.port > 65535)
      return make_error(ErrorKind::kInvalidRequest, "URL has a bad port");
  }
  out.host = host;
  out.host_header = p.host;
  if (!p.port.empty()) {
    out.host_header += ':';
    out.host_header += p.port;
  }
  out.authority = p.host;
  out.authority += ':';
  out.authority += std::to_string(out.port);
  out.target = p.target.empty() || p.target.front() != '/' ? "/" + std::string(p.target) : std::string(p.target);
  out.has_user_info = !p.user_info.empty();
  return out;
}

std::string url_authority(std::string_view url) {
  UrlParts p = split_url(url);
  std::string out(p.host);
  out += ':';
  if (p.port.empty()) out += std::to_string(default_port(p.scheme.empty() ? "http" : p.scheme));
  else out += p.port;
  return out;
}

std::string url_without_password(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? url.size() - start : end - start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  size_t colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, start + colon + 1));
  out += "***";
  out += url.substr(start + at);
  return out;
}

}  // namespace gw
