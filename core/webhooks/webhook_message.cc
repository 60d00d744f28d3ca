// webhook_message.cc - contracts in webhook_message.h.
#include "core/webhooks/webhook_message.h"

#include <nlohmann/json.hpp>

#include "core/crypto/signatures.h"

namespace gw {

std::string webhook_body(std::string_view event_id, const Event& event) {
  nlohmann::json body = {{"id", event_id},
                         {"type", event.type},
                         {"created", event.created_ms / 1000},
                         {"data", event.data.is_null() ? nlohmann::json::object() : event.data}};
  return body.dump();
}

Headers webhook_headers(std::string_view secret, std::string_view event_type, int64_t delivery_id, int64_t now_s,
                        std::string_view body) {
  Headers h;
  h.add("Content-Type", "application/json");
  h.add("X-Gw-Event", std::string(event_type));
  h.add("X-Gw-Delivery", std::to_string(delivery_id));
  h.add("X-Gw-Timestamp", std::to_string(now_s));
  h.add("X-Gw-Signature", sign_webhook(secret, now_s, body));
  return h;
}

}  // namespace gw
