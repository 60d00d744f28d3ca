// webhook_subscription.cc - contracts in webhook_subscription.h.
#include "core/webhooks/webhook_subscription.h"

#include <algorithm>

#include "core/base/ascii_text.h"
#include "core/base/events.h"

namespace gw {
namespace {

Error bad_url(std::string_view url, const std::string& why) {
  return make_error(ErrorKind::kInvalidRequest, "invalid webhook URL '" + std::string(url) + "': " + why,
                    "invalid_webhook_url", "url");
}

std::string known_event_names() {
  std::string names;
  for (const EventType& t : event_types()) names += (names.empty() ? "" : ", ") + std::string(t.name);
  return names;
}

}  // namespace

Result<std::string> event_filter(const std::vector<std::string>& events) {
  std::vector<std::string> kept;
  for (const std::string& name : events) {
    if (name == kAllEvents) return std::string(kAllEvents);
    if (!is_event_type(name))
      return make_error(ErrorKind::kInvalidRequest,
                        "unknown event type '" + name + "'; known: " + known_event_names() + " (or * for all)",
                        "unknown_event_type", "events");
    if (std::find(kept.begin(), kept.end(), name) == kept.end()) kept.push_back(name);
  }
  if (kept.empty()) return std::string(kAllEvents);
  std::string filter;
  for (const std::string& name : kept) filter += (filter.empty() ? "" : ",") + name;
  return filter;
}

std::vector<std::string> event_filter_names(std::string_view filter) {
  std::vector<std::string> names;
  for (std::string_view name : split(filter, ','))
    if (!name.empty()) names.emplace_back(name);
  return names;
}

bool event_filter_matches(std::string_view filter, std::string_view type) {
  if (filter == kAllEvents) return true;
  for (std::string_view name : split(filter, ','))
    if (name == type) return true;
  return false;
}

Status validate_webhook_url(std::string_view url) {
  std::string lower = ascii_lower(url);
  size_t rest = 0;
  if (lower.rfind("http://", 0) == 0) rest = 7;
  else if (lower.rfind("https://", 0) == 0) rest = 8;
  else return bad_url(url, "only http:// and https:// URLs can receive webhooks");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return bad_url(url, "it contains blanks or control characters");
  std::string_view authority = url.substr(rest, url.find_first_of("/?#", rest) - rest);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad_url(url, "an IPv6 host needs a closing ']'");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad_url(url, "unexpected text after the IPv6 host");
      port = authority.substr(close + 2);
      if (port.empty()) return bad_url(url, "the port is empty");
    }
  } else if (size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return bad_url(url, "the port is empty");
  }
  if (host.empty() || host == "[]") return bad_url(url, "it has no host");
  if (!port.empty()) {
    auto n = parse_decimal(port);
    if (!n || *n < 1 || *n > 65535) return bad_url(url, "the port must be a number from 1 to 65535");
  }
  return ok_status();
}

}  // namespace gw
