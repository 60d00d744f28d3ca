// host_check.cc - HostCheck. Contracts in host_check.h.
#include "core/accounts/host_check.h"

#include "core/base/ascii_text.h"
#include "core/http/http_types.h"

namespace gw {
namespace {

constexpr int kNoPort = -1;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

// "name[:port]" (IPv6 as "[...]") into its parts; port kNoPort when absent.
// False for anything else: blanks, a scheme or path, a bare IPv6 address.
bool split_authority(std::string_view text, std::string_view& name, int& port) {
  if (text.empty()) return false;
  std::string_view rest;
  if (text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    for (char c : text.substr(1, close - 1))
      if (!is_ipv6_char(c)) return false;
    name = text.substr(0, close + 1);
    rest = text.substr(close + 1);
  } else {
    size_t colon = text.find(':');
    name = text.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
    if (name.size() > 1 && name.back() == '.') name.remove_suffix(1);
    if (name.empty()) return false;
    for (char c : name)
      if (!is_name_char(c)) return false;
  }
  port = kNoPort;
  if (rest.empty()) return true;
  if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) return false;
  auto n = parse_decimal(rest.substr(1));
  if (!n || *n > 65535) return false;
  port = static_cast<int>(*n);
  return true;
}

// A dotted quad (0-255 each) or a bracketed IPv6 literal.
bool is_ip_literal(std::string_view name) {
  if (name.starts_with('[')) return true;  // split_authority checked its characters
  int parts = 0;
  for (std::string_view part : split(name, '.')) {
    auto n = parse_decimal(part);
    if (!n || *n > 255 || part.size() > 3) return false;
    ++parts;
  }
  return parts == 4;
}

bool is_wildcard_bind(std::string_view host) {
  return host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]";
}

bool is_loopback_bind(std::string_view host) {
  return host.starts_with("127.") || host == "::1" || host == "[::1]" || iequals(host, "localhost");
}

}  // namespace

HostCheck::HostCheck(std::string_view bind_host, int port, const std::vector<std::string>& allowed) : port_(port) {
  std::string bound = ascii_lower(bind_host);
  if (bound.find(':') != std::string::npos && !bound.starts_with('[')) bound = "[" + bound + "]";
  if (!is_wildcard_bind(bind_host)) entries_.push_back({bound, port});
  if (is_wildcard_bind(bind_host) || is_loopback_bind(bind_host))
    for (const char* name : {"localhost", "127.0.0.1", "[::1]"}) entries_.push_back({name, port});
  any_ip_ = is_wildcard_bind(bind_host);
  for (const std::string& entry : allowed) {
    if (entry == "*") {
      any_host_ = true;
      continue;
    }
    std::string_view name;
    int entry_port = kNoPort;
    if (split_authority(entry, name, entry_port)) entries_.push_back({ascii_lower(name), entry_port});
  }
}

bool HostCheck::allows(std::string_view host) const {
  if (any_host_) return true;
  std::string_view name;
  int port = kNoPort;
  if (!split_authority(host, name, port)) return false;
  if (port == kNoPort) port = 80;
  for (const Entry& e : entries_)
    if (iequals(name, e.name) && (e.port == kNoPort || e.port == port)) return true;
  return any_ip_ && port == port_ && is_ip_literal(name);
}

Status check_allowed_host(std::string_view entry) {
  std::string_view name;
  int port = kNoPort;
  if (entry == "*" || split_authority(entry, name, port)) return ok_status();
  return make_error(ErrorKind::kConfig, "setting 'server.allowed_hosts': '" + std::string(entry) +
                                            "' is not a host name (expected e.g. \"gw.example.com\", "
                                            "\"gw.example.com:8443\", \"192.168.1.5\" or \"*\"; no scheme or path)");
}

}  // namespace gw
