// webhook_admin.h - the webhooks part of the admin API as one function over
// (method, path, query, body), so `gw serve` (/admin/webhooks...) and
// `gw webhooks` with no server running (straight on the database) share
// every rule and every JSON shape.
//
//   GET    /admin/webhooks                      list (never secrets)
//   POST   /admin/webhooks                      {url, events?: ["credits.low", ...] | ["*"], secret?}
//                                               -> 201 {..., secret}: the only time the secret is shown;
//                                               one is generated ("whsec_" + 48 hex) when absent
//   GET    /admin/webhooks/{id}                 one webhook
//   POST   /admin/webhooks/{id}/test            queue a webhook.test ping -> 202 {delivery_id, event_id}
//   GET    /admin/webhooks/{id}/deliveries[?limit=N]   newest first: state, attempts, last status/error, times
//   DELETE /admin/webhooks/{id}                 (or POST /admin/webhooks/{id}/delete) delete it and its history
//
// URLs must be http(s); event names must be in event_types() (or "*").
// Errors use OpenAI's {"error": {...}} shape.
//
// Thread-safety: as WebhookStore.
#pragma once

#include <string_view>

#include "proxy/accounts/admin_api.h"

namespace gw {

class Clock;
class WebhookStore;

AdminAnswer webhook_admin_call(WebhookStore& store, Clock& clock, std::string_view method, std::string_view path,
                               std::string_view query, std::string_view body);

// True for /admin/webhooks and the paths under it.
bool is_admin_webhooks_path(std::string_view path);

}  // namespace gw
