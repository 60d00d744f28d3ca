// webhook_outbox.cc - contracts in webhook_outbox.h.
#include "proxy/webhooks/webhook_outbox.h"

#include "core/webhooks/webhook_message.h"
#include "proxy/io/random.h"

namespace gw {

WebhookOutbox::WebhookOutbox(WebhookStore& store, Clock& clock, std::function<void()> on_queued)
    : store_(store),
      clock_(clock),
      on_queued_(std::move(on_queued)),
      queue_([this](std::vector<Event>& events) { write(events); },
             {.thread_name = "gw-outbox", .house = &Housekeeper::shared()}) {}

WebhookOutbox::~WebhookOutbox() { queue_.stop(); }  // writes what is queued

void WebhookOutbox::emit(Event event) { queue_.push(std::move(event)); }

void WebhookOutbox::flush() { queue_.flush(); }

void WebhookOutbox::write(std::vector<Event>& events) {
  std::vector<OutboxEvent> rows;
  rows.reserve(events.size());
  for (const Event& e : events) rows.push_back(OutboxEvent{e.type, webhook_body(random_id("evt_", 12), e)});
  const int64_t now = clock_.now_unix_ms();
  auto queued = store_.queue(rows, now);
  if (!queued) queued = store_.queue(rows, now);  // one retry, e.g. after a busy timeout
  if (!queued) {
    dropped_.fetch_add(static_cast<int64_t>(events.size()));
    return;
  }
  rows_queued_.fetch_add(*queued);
  if (*queued > 0 && on_queued_) on_queued_();
}

}  // namespace gw
