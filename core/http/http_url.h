// http_url.h - splits an absolute http:// or https:// URL into what an HTTP
// client needs: where to connect, what to put in the request line and Host
// header, and a "host:port" that names the upstream in messages without ever
// carrying the URL's user info, path or query (so no credentials leak).
//
// Pure functions over strings; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

struct HttpUrl {
  std::string scheme;          // lower case: "http" or "https"
  std::string host;            // for connecting: IPv6 literals without brackets
  int port = 0;                // as written, else the scheme's default (80 / 443)
  std::string authority;       // "host:port", always with the port; IPv6 keeps brackets
  std::string host_header;     // Host header value: host as written, ":port" only when written
  std::string target;          // path and query ("/" when the URL has no path); never the fragment
  bool has_user_info = false;  // the URL carries "user:password@"
};

// Parses `url`. Errors (kInvalidRequest): no "scheme://", a scheme other than
// http/https, an empty host, or a port that is not a number in 1..65535.
Result<HttpUrl> parse_http_url(std::string_view url);

// The "host:port" of an absolute URL (default port from its scheme; "http"
// when it has none), for messages. Never fails: a malformed URL gives its best guess.
std::string url_authority(std::string_view url);

// `url` (any scheme) with the password of its user info, if any, replaced by
// "***" ("postgres://gw:***@db:5432/gw"), for printing. Anything else is
// returned as it is.
std::string url_without_password(std::string_view url);

}  // namespace gw
