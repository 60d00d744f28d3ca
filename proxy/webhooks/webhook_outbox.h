// webhook_outbox.h - the EventSink that feeds webhooks. emit() only appends
// the event to an in-memory queue and wakes a job of the housekeeping thread
// (proxy/io/housekeeper.h); the job
// gives each event an id ("evt_" + 24 hex), serializes its body once
// (core/webhooks/webhook_message.h) and inserts one outbox row per subscribed webhook,
// a whole batch of events per transaction. A batch that cannot be written is
// retried once, then dropped and counted in dropped() (an event is not worth
// stopping the gateway for). Events still in memory when the process dies
// are lost; once written they survive restarts.
//
// Thread-safety: emit(), flush() and the counters may be called from any
// thread. The destructor writes what is queued and must not race with emit().
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/base/clock.h"
#include "core/base/events.h"
#include "proxy/io/background_queue.h"
#include "proxy/webhooks/webhook_store.h"

namespace gw {

class WebhookOutbox : public EventSink {
 public:
  // `on_queued` (may be empty) is called from the writer thread after rows
  // were inserted, e.g. to wake the dispatcher. Starts the writer thread.
  WebhookOutbox(WebhookStore& store, Clock& clock, std::function<void()> on_queued = {});
  ~WebhookOutbox() override;
  WebhookOutbox(const WebhookOutbox&) = delete;
  WebhookOutbox& operator=(const WebhookOutbox&) = delete;

  // Queues the event; never waits for the disk.
  void emit(Event event) override;
  // Blocks until every event emitted before this call is written or dropped.
  void flush();

  int64_t rows_queued() const { return rows_queued_.load(); }  // outbox rows inserted
  int64_t dropped() const { return dropped_.load(); }          // events lost to write errors

 private:
  void write(std::vector<Event>& events);  // on the queue's thread

  WebhookStore& store_;
  Clock& clock_;
  const std::function<void()> on_queued_;
  std::atomic<int64_t> rows_queued_{0};
  std::atomic<int64_t> dropped_{0};
  BackgroundQueue<Event> queue_;  // last: its thread starts after every other member is ready
};

}  // namespace gw
