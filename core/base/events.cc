#include "core/base/events.h"

namespace gw {

std::span<const EventType> event_types() {
  static constexpr EventType kTypes[] = {
      {"credits.low", "a user's balance fell below the low-credit threshold"},
      {"credits.depleted", "a user's balance reached zero"},
      {"credits.added", "credits were added to a user (purchase, grant or admin)"},
      {"model.degraded", "a model's success rate or latency crossed an incident threshold"},
      {"rate_limit.approaching", "a key used 80% of one of its rate limits"},
      {"webhook.test", "a ping sent by `gw webhooks test` (POST /admin/webhooks/{id}/test)"},
  };
  return kTypes;
}

bool is_event_type(std::string_view name) {
  for (const EventType& t : event_types())
    if (t.name == name) return true;
  return false;
}

}  // namespace gw
