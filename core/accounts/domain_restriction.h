// domain_restriction.h - a per-key list of web origins allowed to use the key
// from a browser, written as comma-separated host names: "example.com,
// *.corp.io". A plain name matches that host only; "*.corp.io" matches any
// subdomain at any depth (a.corp.io, x.y.corp.io) but not corp.io itself,
// which must be listed on its own. Matching is case-insensitive and ignores
// scheme, port, path and a trailing dot. An empty list allows everything; a
// non-empty list refuses requests that carry neither Origin nor Referer.
// Immutable after parse: safe to share between threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw {

class DomainRestriction {
 public:
  // kInvalidRequest (code "invalid_domain_restriction") naming the first bad
  // entry: anything but letters, digits, '-' and '.', an empty label, or a
  // '*' other than a leading "*.". Blanks and empty entries are ignored.
  static Result<DomainRestriction> parse(std::string_view comma_separated);

  // `origin_or_referer` is an Origin or Referer header value
  // (scheme://host[:port][/path...]); "" when the request had neither.
  bool allows(std::string_view origin_or_referer) const;

  // The request's two headers ("" when absent): Origin when present, else
  // Referer (browsers omit Origin on some same-origin GETs).
  bool allows_request(std::string_view origin, std::string_view referer) const;

  bool empty() const { return rules_.empty(); }
  size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    std::string host;  // lowercase, without "*." for wildcards
    bool wildcard;     // "*.host": strict subdomains only
  };

  std::vector<Rule> rules_;
};

// The lowercase host of "scheme://[user@]host[:port][/...]", without a
// trailing dot; IPv6 literals keep their brackets ("[::1]"). nullopt when
// there is no "://" or no host (e.g. the Origin "null").
std::optional<std::string> url_host(std::string_view url);

}  // namespace gw
