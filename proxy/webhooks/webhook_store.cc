// webhook_store.cc - contracts in webhook_store.h.
#include "proxy/webhooks/webhook_store.h"

#include "core/webhooks/webhook_subscription.h"

namespace gw {
namespace {

constexpr std::string_view kWebhookColumns = "id, url, secret, events, created_ms, disabled";
constexpr std::string_view kDeliveryColumns =
    "o.id, o.webhook_id, o.event_type, o.payload, o.created_ms, o.attempts, o.next_attempt_ms, o.state, "
    "o.last_status, o.last_error, o.delivered_ms";
constexpr std::string_view kInsertRow =
    "INSERT INTO webhook_outbox (webhook_id, event_type, payload, created_ms, next_attempt_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?4)";

WebhookRecord webhook_from_row(const SqlRow& r) {
  return WebhookRecord{sql_text(r[0]), sql_text(r[1]),    sql_text(r[2]),
                       sql_text(r[3]), sql_integer(r[4]), sql_integer(r[5]) != 0};
}

DeliveryRecord delivery_from_row(const SqlRow& r) {
  return DeliveryRecord{.id = sql_integer(r[0]),
                        .webhook_id = sql_text(r[1]),
                        .event_type = sql_text(r[2]),
                        .payload = sql_text(r[3]),
                        .created_ms = sql_integer(r[4]),
                        .attempts = static_cast<int>(sql_integer(r[5])),
                        .next_attempt_ms = sql_integer(r[6]),
                        .state = parse_delivery_state(sql_text(r[7])).value_or(DeliveryState::kPending),
                        .last_status = static_cast<int>(sql_integer(r[8])),
                        .last_error = sql_text(r[9]),
                        .delivered_ms = sql_integer(r[10])};
}

Error unknown_webhook(const std::string& id) {
  return make_error(ErrorKind::kNotFound, "no webhook '" + id + "' (see gw webhooks list)", "webhook_not_found");
}

}  // namespace

WebhookStore::WebhookStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

Status WebhookStore::add(const WebhookRecord& w) {
  std::lock_guard<std::mutex> lock(mu_);
  auto r = db_->query(
      "INSERT INTO webhooks (id, url, secret, events, created_ms, disabled) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {w.id, w.url, w.secret, w.events, w.created_ms, int64_t{w.disabled ? 1 : 0}});
  if (!r) return r.error();
  return ok_status();
}

Result<std::vector<WebhookRecord>> WebhookStore::list() {
  std::lock_guard<std::mutex> lock(mu_);
  auto rows = db_->query("SELECT " + std::string(kWebhookColumns) + " FROM webhooks ORDER BY created_ms, id");
  if (!rows) return rows.error();
  std::vector<WebhookRecord> out;
  for (const SqlRow& r : *rows) out.push_back(webhook_from_row(r));
  return out;
}

Result<WebhookRecord> WebhookStore::find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto rows = db_->query("SELECT " + std::string(kWebhookColumns) + " FROM webhooks WHERE id = ?1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return unknown_webhook(id);
  return webhook_from_row(rows->front());
}

Status WebhookStore::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto r = db_->query("DELETE FROM webhooks WHERE id = ?1", {id});
  if (!r) return r.error();
  if (db_->changes() == 0) return unknown_webhook(id);
  return ok_status();
}

Result<int64_t> WebhookStore::queue(std::span<const OutboxEvent> events, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t queued = 0;
  Status s = db_->transaction([&]() -> Status {
    auto hooks = db_->query("SELECT id, events FROM webhooks WHERE disabled = 0");
    if (!hooks) return hooks.error();
    for (const OutboxEvent& e : events) {
      for (const SqlRow& hook : *hooks) {
        if (!event_filter_matches(sql_text(hook[1]), e.type)) continue;
        auto r = db_->query(kInsertRow, {sql_text(hook[0]), e.type, e.body, now_ms});
        if (!r) return r.error();
        ++queued;
      }
    }
    return ok_status();
  });
  if (!s) return s.error();
  return queued;
}

Result<int64_t> WebhookStore::queue_for(const std::string& webhook_id, const OutboxEvent& event, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto exists = db_->query("SELECT 1 FROM webhooks WHERE id = ?1", {webhook_id});
  if (!exists) return exists.error();
  if (exists->empty()) return unknown_webhook(webhook_id);
  auto r = db_->query(kInsertRow, {webhook_id, event.type, event.body, now_ms});
  if (!r) return r.error();
  return db_->last_insert_id();
}

Result<std::vector<DueDelivery>> WebhookStore::claim_due(int64_t now_ms, int64_t lease_until_ms, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DueDelivery> out;
  Status s = db_->transaction([&]() -> Status {
    auto rows = db_->query("SELECT " + std::string(kDeliveryColumns) +
                               ", w.url, w.secret FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id "
                               "WHERE o.state = 'pending' AND o.next_attempt_ms <= ?1 AND w.disabled = 0 "
                               "ORDER BY o.next_attempt_ms, o.id LIMIT ?2",
                           {now_ms, int64_t{limit}});
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) {
      auto leased = db_->query("UPDATE webhook_outbox SET next_attempt_ms = ?1 WHERE id = ?2",
                               {lease_until_ms, sql_integer(r[0])});
      if (!leased) return leased.error();
      out.push_back(DueDelivery{delivery_from_row(r), sql_text(r[11]), sql_text(r[12])});
    }
    return ok_status();
  });
  if (!s) return s.error();
  return out;
}

Status WebhookStore::record_attempt(int64_t id, const DeliveryStep& step, int http_status, const std::string& error) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool delivered = step.state == DeliveryState::kDelivered;
  auto r = db_->query(
      "UPDATE webhook_outbox SET attempts = ?1, next_attempt_ms = ?2, state = ?3, last_status = ?4, last_error = ?5, "
      "delivered_ms = ?6 WHERE id = ?7",
      {int64_t{step.attempts}, step.next_attempt_ms, std::string(delivery_state_name(step.state)), int64_t{http_status},
       error, delivered ? step.next_attempt_ms : int64_t{0}, id});
  if (!r) return r.error();
  return ok_status();
}

Result<std::vector<DeliveryRecord>> WebhookStore::deliveries(const std::string& webhook_id, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  auto rows = db_->query("SELECT " + std::string(kDeliveryColumns) +
                             " FROM webhook_outbox o WHERE o.webhook_id = ?1 ORDER BY o.id DESC LIMIT ?2",
                         {webhook_id, int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<DeliveryRecord> out;
  for (const SqlRow& r : *rows) out.push_back(delivery_from_row(r));
  return out;
}

}  // namespace gw
