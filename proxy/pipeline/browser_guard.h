// browser_guard.h - step 0 of every request `gw serve` takes from the
// network, run once in Gateway::handle before routing and authentication, so
// a refusal has no side effect (no user made, no provider called, nothing
// charged). It keeps web pages the owner visits from driving the gateway,
// whose loopback callers without a key are the owner:
//
//   1. Host (DNS rebinding): only hosts gw is bound to or configured for
//      (core/accounts/host_check.h, [server] allowed_hosts) -> else 403
//      host_not_allowed. Runs first: a rebound page is "same-origin" with
//      its own Host.
//   2. Content-Type: JSON routes take application/json (or +json), upload
//      routes multipart/form-data (core/http/body_content_type.h) -> else
//      415 unsupported_content_type. GET, and bodyless requests without a
//      Content-Type, pass.
//   3. Origin: same-origin and [server] cors_origins pass
//      (core/accounts/request_origin.h); any other Origin -> 403
//      origin_not_allowed, unless the request presents a gw key: that key's
//      own domain restriction then decides (authenticate).
//   4. A CORS preflight (OPTIONS with Access-Control-Request-Method) from an
//      allowed origin is answered here (204); answers to a listed origin
//      carry the CORS headers, streams included.
//
// In-process callers (`gw chat` without --url, tests) do not pass through it.
// Thread-safe: the guard is immutable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/accounts/host_check.h"
#include "core/accounts/request_origin.h"
#include "core/base/error.h"
#include "core/http/body_content_type.h"
#include "proxy/server/http_server.h"

namespace gw {

struct BrowserGuard {
  HostCheck hosts;
  OriginPolicy origins;
};

struct GuardVerdict {
  std::optional<Error> refusal;  // answer this instead of routing
  bool preflight = false;        // answer a CORS preflight (preflight_reply)
  std::string_view cors_origin;  // non-empty: the answer carries CORS headers for it (a view into the request)
};

// `body`: what the matched route's body must be; nullopt when no route matched.
GuardVerdict guard_request(const BrowserGuard& guard, const InboundRequest& in, std::optional<BodyType> body);

// 204 with the CORS preflight headers for the request's Origin.
Reply preflight_reply(const InboundRequest& in);

}  // namespace gw
