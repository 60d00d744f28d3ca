// request_origin.cc - OriginPolicy and the CORS headers. Contracts in
// request_origin.h.
#include "core/accounts/request_origin.h"

#include "core/base/ascii_text.h"

namespace gw {
namespace {

constexpr std::string_view kAllowMethods = "GET, POST, DELETE, OPTIONS";
constexpr std::string_view kAllowHeaders =
    "authorization, content-type, x-api-key, anthropic-version, anthropic-beta, openai-beta, "
    "openai-organization, openai-project, x-request-id";
constexpr std::string_view kExposeHeaders =
    "x-request-id, x-gw-request-id, x-gw-model, x-gw-provider, x-gw-attempts, x-gw-overhead-us, "
    "x-gw-max-tokens-capped, "
    "x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after";

struct OriginParts {
  std::string_view scheme;     // "http" or "https", as written
  std::string_view authority;  // host[:port] without a default port
};

// "scheme://host[:port]" with nothing after; false otherwise.
bool split_origin(std::string_view origin, OriginParts& out) {
  size_t sep = origin.find("://");
  if (sep == std::string_view::npos) return false;
  out.scheme = origin.substr(0, sep);
  if (!iequals(out.scheme, "http") && !iequals(out.scheme, "https")) return false;
  out.authority = origin.substr(sep + 3);
  if (out.authority.empty()) return false;
  for (char c : out.authority) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;  // a path, query, user info or blank
  }
  std::string_view default_port = iequals(out.scheme, "http") ? ":80" : ":443";
  if (out.authority.ends_with(default_port)) out.authority.remove_suffix(default_port.size());
  return !out.authority.empty();
}

// The Host header without the port the Origin's scheme implies.
std::string_view host_without_default_port(std::string_view host, std::string_view scheme) {
  std::string_view default_port = iequals(scheme, "http") ? ":80" : ":443";
  if (host.ends_with(default_port)) host.remove_suffix(default_port.size());
  return host;
}

// "a, b-c, d": header names separated by commas and blanks, nothing else.
bool is_token_list(std::string_view list) {
  if (list.size() > 1024) return false;
  for (char c : list) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == ',' || c == ' ';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

OriginPolicy::OriginPolicy(const std::vector<std::string>& cors_origins) {
  for (const std::string& entry : cors_origins) {
    OriginParts parts;
    if (!split_origin(entry, parts)) continue;
    origins_.push_back(ascii_lower(parts.scheme) + "://" + ascii_lower(parts.authority));
  }
}

OriginVerdict OriginPolicy::check(std::string_view origin, std::string_view host) const {
  origin = trim_blanks(origin);
  if (origin.empty()) return OriginVerdict::kNone;
  OriginParts parts;
  if (!split_origin(origin, parts)) return OriginVerdict::kRefused;  // "null", garbage
  if (!host.empty() && iequals(parts.authority, host_without_default_port(host, parts.scheme)))
    return OriginVerdict::kSameOrigin;
  for (const std::string& listed : origins_) {
    // listed is "scheme://authority", lowercase; compare without building a string.
    std::string_view l = listed;
    if (l.size() == parts.scheme.size() + 3 + parts.authority.size() &&
        iequals(l.substr(0, parts.scheme.size()), parts.scheme) &&
        iequals(l.substr(parts.scheme.size() + 3), parts.authority))
      return OriginVerdict::kListed;
  }
  return OriginVerdict::kRefused;
}

Status check_cors_origin(std::string_view entry) {
  OriginParts parts;
  if (split_origin(entry, parts)) return ok_status();
  return make_error(ErrorKind::kConfig, "setting 'server.cors_origins': '" + std::string(entry) +
                                            "' is not an origin (expected scheme://host[:port] such as "
                                            "\"https://app.example.com\" or \"http://localhost:5173\", no path)");
}

void add_preflight_headers(Headers& out, std::string_view origin, std::string_view requested) {
  out.add("Access-Control-Allow-Origin", std::string(origin));
  out.add("Access-Control-Allow-Methods", std::string(kAllowMethods));
  requested = trim_blanks(requested);
  std::string headers(kAllowHeaders);
  if (!requested.empty() && is_token_list(requested)) headers += ", " + std::string(requested);
  out.add("Access-Control-Allow-Headers", std::move(headers));
  out.add("Access-Control-Max-Age", std::to_string(kPreflightMaxAgeS));
  out.add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
}

void add_cors_headers(Headers& out, std::string_view origin) {
  out.add("Access-Control-Allow-Origin", std::string(origin));
  out.add("Access-Control-Expose-Headers", std::string(kExposeHeaders));
  out.add("Vary", "Origin");
}

}  // namespace gw
