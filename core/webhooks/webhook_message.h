// webhook_message.h - what a webhook receiver gets: the JSON body of an event
// and the signed headers of one delivery attempt.
//
// Body (serialized once when the event is queued; the stored bytes are the
// bytes signed and sent on every attempt):
//   {"id": "evt_...", "type": "credits.low", "created": <unix seconds>, "data": {...}}
// Headers:
//   Content-Type: application/json
//   X-Gw-Event: <type>
//   X-Gw-Delivery: <outbox row id>      the same on every retry of one delivery
//   X-Gw-Timestamp: <unix seconds of this attempt>
//   X-Gw-Signature: t=<same seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// Receivers verify X-Gw-Signature the way they verify Stripe-Signature
// (core/crypto/signatures.h) and may drop duplicates by the body's "id".
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/events.h"
#include "core/http/http_types.h"

namespace gw {

// The body for `event` under the id `event_id` ("evt_..."); `created` is
// event.created_ms in whole seconds.
std::string webhook_body(std::string_view event_id, const Event& event);

// The headers of one attempt, signed with the webhook's `secret` at `now_s`.
Headers webhook_headers(std::string_view secret, std::string_view event_type, int64_t delivery_id, int64_t now_s,
                        std::string_view body);

}  // namespace gw
