// webhook_store.h - webhook endpoints and their delivery outbox in SQLite
// (tables `webhooks` and `webhook_outbox`, migration 2). The outbox is the
// durable queue: a row is one event for one endpoint, with its exact signed
// body, attempt count, next attempt time and last result; rows survive
// restarts, and pending rows are picked up again by the next dispatcher.
//
// Delivery is at least once: a row is claimed with a lease (its
// next_attempt_ms moves to the lease's end) before it is sent, so two
// dispatchers never send it at once; if gw stops mid-attempt the lease runs
// out and the row is tried again.
//
// Thread-safety: every member may be called from any thread; one mutex
// serializes use of the one connection (all webhook traffic is light).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/base/events.h"
#include "core/base/result.h"
#include "core/webhooks/webhook_backoff.h"
#include "proxy/io/database.h"

namespace gw {

struct WebhookRecord {
  std::string id;  // "whk_" + 12 hex
  std::string url;
  std::string secret;  // signing secret; secret (never logged, listed only at creation)
  std::string events;  // stored filter: "credits.low,credits.depleted" or "*"
  int64_t created_ms = 0;
  bool disabled = false;
};

// One row of the outbox: one event for one webhook.
struct DeliveryRecord {
  int64_t id = 0;  // sent as X-Gw-Delivery
  std::string webhook_id;
  std::string event_type;
  std::string payload;  // the exact JSON body that is signed and sent
  int64_t created_ms = 0;
  int attempts = 0;
  int64_t next_attempt_ms = 0;
  DeliveryState state = DeliveryState::kPending;
  int last_status = 0;     // HTTP status of the last attempt; 0 = no answer
  std::string last_error;  // "" after a success
  int64_t delivered_ms = 0;
};

// A claimed row with what is needed to send it.
struct DueDelivery {
  DeliveryRecord row;
  std::string url;
  std::string secret;
};

// An event ready for the outbox: its type and serialized body.
struct OutboxEvent {
  std::string type;
  std::string body;
};

class WebhookStore {
 public:
  // Requires a migrated database (Database::open).
  explicit WebhookStore(std::unique_ptr<Database> db);

  Status add(const WebhookRecord& webhook);
  Result<std::vector<WebhookRecord>> list();
  // kNotFound "webhook_not_found" for an unknown id.
  Result<WebhookRecord> find(const std::string& id);
  // Deletes the webhook and its outbox rows. kNotFound for an unknown id.
  Status remove(const std::string& id);

  // Queues, in one transaction, one row per event for every enabled webhook
  // whose filter matches its type, due at `now_ms`. Returns rows queued.
  Result<int64_t> queue(std::span<const OutboxEvent> events, int64_t now_ms);
  // Queues one row for one webhook whatever its filter (test pings).
  // Returns the row id.
  Result<int64_t> queue_for(const std::string& webhook_id, const OutboxEvent& event, int64_t now_ms);

  // Claims up to `limit` pending rows due at `now_ms` (oldest due first) of
  // enabled webhooks, leasing them until `lease_until_ms`.
  Result<std::vector<DueDelivery>> claim_due(int64_t now_ms, int64_t lease_until_ms, int limit);
  // Records the outcome of an attempt on row `id`. `error` is "" on success.
  Status record_attempt(int64_t id, const DeliveryStep& step, int http_status, const std::string& error);

  // The newest `limit` rows of one webhook, newest first.
  Result<std::vector<DeliveryRecord>> deliveries(const std::string& webhook_id, int limit);

 private:
  std::mutex mu_;
  std::unique_ptr<Database> db_;  // guarded by mu_
};

}  // namespace gw
