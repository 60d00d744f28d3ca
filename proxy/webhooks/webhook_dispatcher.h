// webhook_dispatcher.h - sends the outbox: claims due rows one at a time,
// POSTs each row's stored body to its webhook with the signed headers of
// core/webhooks/webhook_message.h, and records the outcome with the retry schedule of
// core/webhooks/webhook_backoff.h: a 2xx answer marks the row delivered; anything
// else (another status, a refused connection, a timeout) counts an attempt
// and schedules the next one base * 2^(attempts-1) s later (at most 1 h),
// until [webhooks] max_attempts, when the row is marked failed.
//
// run_once(now) is the whole algorithm, with time and HTTP as inputs (Clock
// and HttpClient), so tests drive it directly with fakes: no threads, no
// sleeps. start() runs it as a job of the process's housekeeping thread
// (proxy/io/periodic_worker.h): after each pass it waits for wake() or
// kIdlePollMs of real time, and stop() is never kept waiting by that wait.
//
// Thread-safety: run_once() must not run on two threads at once (the store's
// leases make two dispatchers safe, but one object is one loop). wake(),
// start() and stop() may be called from any thread; stop() waits for the
// attempt in progress (at most [webhooks] timeout_ms).
#pragma once

#include <atomic>
#include <cstdint>

#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/http/http_types.h"
#include "core/webhooks/webhook_backoff.h"
#include "proxy/io/periodic_worker.h"
#include "proxy/webhooks/webhook_store.h"

namespace gw {

class Telemetry;

class WebhookDispatcher {
 public:
  static constexpr int64_t kIdlePollMs = 1000;         // the thread looks for due rows at least this often
  static constexpr int64_t kLeaseMarginMs = 60'000;    // a claimed row is left alone for timeout + this
  static constexpr size_t kMaxAnswerBytes = 64 << 10;  // read at most this much of a receiver's answer

  // `telemetry` (optional) counts each attempt in webhook_deliveries_total.
  WebhookDispatcher(WebhookStore& store, HttpClient& http, Clock& clock, const WebhookSettings& settings,
                    Telemetry* telemetry = nullptr);
  ~WebhookDispatcher();  // stop()
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Attempts every row due at `now_ms` once; returns the attempts made.
  // Stops early after stop(). Errors only when the database fails.
  Result<int> run_once(int64_t now_ms);

  void start();  // starts the background job (once)
  void stop();   // stops it, waiting for an attempt in progress; idempotent
  void wake();   // makes the job look for due rows now

 private:
  void attempt(const DueDelivery& due, int64_t now_ms);

  WebhookStore& store_;
  HttpClient& http_;
  Clock& clock_;
  Telemetry* telemetry_;
  const RetryPolicy policy_;
  const int timeout_ms_;

  std::atomic<bool> stopping_{false};
  PeriodicWorker worker_;  // last: its job uses the members above
};

}  // namespace gw
