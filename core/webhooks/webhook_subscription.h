// webhook_subscription.h - what a webhook endpoint may be: an http(s) URL and
// a set of event types it subscribes to, checked against the event_types()
// table. A subscription is stored as a comma-separated list of event names, or
// "*" for every event (the webhooks.events column). Pure functions;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw {

inline constexpr std::string_view kAllEvents = "*";

// The stored form of a subscription to `events`: names are checked against
// event_types(), duplicates dropped, order kept; an empty list or one that
// holds "*" is "*". Errors: kInvalidRequest "unknown_event_type" naming the
// first unknown name and listing the known ones (param "events").
Result<std::string> event_filter(const std::vector<std::string>& events);

// The names of a stored filter ("*" -> {"*"}).
std::vector<std::string> event_filter_names(std::string_view filter);

// True when a webhook with the stored `filter` receives events of `type`.
bool event_filter_matches(std::string_view filter, std::string_view type);

// Accepts absolute http:// or https:// URLs (scheme in any case) with a host,
// an optional numeric port 1-65535 and no blanks or control characters.
// Errors: kInvalidRequest "invalid_webhook_url" saying what is wrong (param "url").
Status validate_webhook_url(std::string_view url);

}  // namespace gw
