// browser_guard.cc - guard_request. Contracts in browser_guard.h.
#include "proxy/pipeline/browser_guard.h"

#include "proxy/pipeline/credentials.h"

namespace gw {
namespace {

// A header value fit to quote in an error message: printable ASCII, at most
// 100 bytes; anything else is not echoed.
std::string quoted(std::string_view value) {
  if (value.size() > 100) return "(a long value)";
  for (char c : value)
    if (c < 0x20 || c > 0x7e) return "(a value with unprintable bytes)";
  return "'" + std::string(value) + "'";
}

Error host_refused(std::string_view host) {
  return make_error(ErrorKind::kForbidden,
                    "Host " + quoted(host) +
                        " is not a name this gateway answers to (DNS-rebinding protection); to allow it, add it "
                        "to [server] allowed_hosts in the config (\"*\" allows any, behind a reverse proxy)",
                    "host_not_allowed");
}

Error origin_refused(std::string_view origin) {
  return make_error(ErrorKind::kForbidden,
                    "requests from the web page at " + quoted(origin) +
                        " are refused (cross-site browser access); to allow that site, add its origin to "
                        "[server] cors_origins in the config",
                    "origin_not_allowed");
}

Error wrong_content_type(std::string_view content_type, BodyType body) {
  std::string expected(expected_content_type(body));
  std::string what = content_type.empty() ? std::string("a request body without a Content-Type")
                                          : "Content-Type " + quoted(content_type);
  return make_error(ErrorKind::kUnsupportedMediaType, what + " is not accepted here; send the body as " + expected,
                    "unsupported_content_type");
}

}  // namespace

GuardVerdict guard_request(const BrowserGuard& guard, const InboundRequest& in, std::optional<BodyType> body) {
  GuardVerdict v;
  std::string_view host = in.headers.get("host");
  // An HTTP/1.0 request may lack a Host (the parser refuses that on 1.1); a
  // browser always sends one.
  if (!host.empty() && !guard.hosts.allows(host)) {
    v.refusal = host_refused(host);
    return v;
  }
  std::string_view origin = in.headers.get("origin");
  OriginVerdict from = guard.origins.check(origin, host);
  if (from == OriginVerdict::kListed) v.cors_origin = origin;
  std::string_view content_type = in.headers.get("content-type");
  if (body && in.method != "GET" && (!in.body.empty() || !content_type.empty()) &&
      !content_type_fits(*body, content_type)) {
    v.refusal = wrong_content_type(content_type, *body);
    return v;
  }
  if (from == OriginVerdict::kRefused && !presented_key(in).starts_with("gw_")) {
    v.refusal = origin_refused(origin);
    return v;
  }
  v.preflight = in.method == "OPTIONS" && from != OriginVerdict::kRefused && from != OriginVerdict::kNone &&
                in.headers.has("access-control-request-method");
  return v;
}

Reply preflight_reply(const InboundRequest& in) {
  Reply r;
  r.status = 204;
  add_preflight_headers(r.headers, in.headers.get("origin"), in.headers.get("access-control-request-headers"));
  return r;
}

}  // namespace gw
