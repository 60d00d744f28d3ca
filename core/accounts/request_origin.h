// request_origin.h - which web pages may call `gw serve` from a browser, and
// the CORS answers they get. A browser sends an Origin header on every
// cross-site POST (and on CORS requests); the gateway answers only:
//   - same-origin requests: the Origin names the host the request was sent
//     to (its host[:port] equals the Host header, default ports aside);
//   - origins listed in [server] cors_origins ("https://app.example.com",
//     "http://localhost:5173"): exact scheme://host[:port], no path;
// and refuses every other Origin (403), "null" included. Default: no
// cross-origin browser access at all.
//
// Immutable after construction: safe to share between threads. check() does
// not allocate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/http/http_types.h"

namespace gw {

enum class OriginVerdict {
  kNone,        // no Origin header: not a browser's cross-site request
  kSameOrigin,  // the page was served by this very host
  kListed,      // in [server] cors_origins: answer with CORS headers
  kRefused,     // any other page
};

class OriginPolicy {
 public:
  // `cors_origins`: [server] cors_origins, each valid per check_cors_origin().
  explicit OriginPolicy(const std::vector<std::string>& cors_origins);

  // `origin` and `host` are the request's Origin and Host headers ("" when absent).
  OriginVerdict check(std::string_view origin, std::string_view host) const;

 private:
  std::vector<std::string> origins_;  // lowercase, without a default port
};

// Whether `entry` may appear in [server] cors_origins: "http://" or
// "https://", a host, an optional port, nothing after. kConfig naming the
// entry otherwise.
Status check_cors_origin(std::string_view entry);

// Seconds a browser may cache a preflight answer (Access-Control-Max-Age).
inline constexpr int kPreflightMaxAgeS = 600;

// The answer to a preflight (OPTIONS with Access-Control-Request-Method) from
// an allowed `origin`: Allow-Origin echoing it, Allow-Methods, Allow-Headers
// (the SDKs' headers - authorization, content-type, x-api-key,
// anthropic-version, anthropic-beta, openai-beta... - plus the ones
// `requested` in Access-Control-Request-Headers when they are a plain token
// list), Max-Age and Vary.
void add_preflight_headers(Headers& out, std::string_view origin, std::string_view requested);

// Headers for an actual answer to an allowed `origin` (streams included):
// Allow-Origin echoing it, Expose-Headers (request id, gw's model and
// provider, rate limits, Retry-After) and Vary: Origin.
void add_cors_headers(Headers& out, std::string_view origin);

}  // namespace gw
