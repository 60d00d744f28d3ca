#include "core/accounts/domain_restriction.h"

#include "core/base/ascii_text.h"

namespace gw {
namespace {

Error bad_entry(std::string_view entry, std::string_view why) {
  return make_error(ErrorKind::kInvalidRequest,
                    "invalid domain restriction entry '" + std::string(entry) + "': " + std::string(why),
                    "invalid_domain_restriction");
}

bool is_host_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// A lowercase dotted host name with no empty labels.
bool is_host_name(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host)
    if (!is_host_char(c)) return false;
  for (std::string_view label : split(host, '.'))
    if (label.empty()) return false;
  return true;
}

}  // namespace

std::optional<std::string> url_host(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  std::string_view rest = url.substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = host.substr(0, close + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return std::nullopt;
  return ascii_lower(host);
}

Result<DomainRestriction> DomainRestriction::parse(std::string_view comma_separated) {
  DomainRestriction restriction;
  for (std::string_view part : split(comma_separated, ',')) {
    std::string_view entry = trim_blanks(part);
    if (entry.empty()) continue;
    std::string host = ascii_lower(entry);
    bool wildcard = host.starts_with("*.");
    if (wildcard) host.erase(0, 2);
    if (!host.empty() && host.back() == '.') host.pop_back();
    if (!is_host_name(host))
      return bad_entry(entry, "expected a host name such as example.com or *.example.com (no scheme, port or path)");
    restriction.rules_.push_back(Rule{std::move(host), wildcard});
  }
  return restriction;
}

bool DomainRestriction::allows(std::string_view origin_or_referer) const {
  if (rules_.empty()) return true;
  std::optional<std::string> host = url_host(trim_blanks(origin_or_referer));
  if (!host) return false;
  for (const Rule& rule : rules_) {
    if (!rule.wildcard) {
      if (*host == rule.host) return true;
    } else if (host->size() > rule.host.size() + 1 && host->ends_with(rule.host) &&
               (*host)[host->size() - rule.host.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

bool DomainRestriction::allows_request(std::string_view origin, std::string_view referer) const {
  return allows(trim_blanks(origin).empty() ? referer : origin);
}

}  // namespace gw
