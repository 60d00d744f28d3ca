// webhook_fixture.h - a WebhookStore on a fresh database and webhooks added
// straight to it, for the webhook tests. Tests only.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "proxy/io/database.h"
#include "proxy/webhooks/webhook_store.h"

namespace gw {

// ":memory:" gives a private database that lives as long as the store.
inline std::unique_ptr<WebhookStore> open_webhook_store(const std::string& path = ":memory:") {
  auto db = Database::open(path);
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
  return std::make_unique<WebhookStore>(std::move(db).value());
}

inline WebhookRecord add_webhook(WebhookStore& store, const std::string& id, const std::string& events,
                                 const std::string& url = "http://127.0.0.1:9/hook",
                                 const std::string& secret = "whsec_fixture_secret") {
  WebhookRecord w{id, url, secret, events, 1'700'000'000'000, false};
  REQUIRE(store.add(w).ok());
  return w;
}

}  // namespace gw
