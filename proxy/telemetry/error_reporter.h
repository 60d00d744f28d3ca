// error_reporter.h - sends unexpected errors (kInternal errors, exceptions
// caught at the route edge) to a Sentry-compatible receiver as envelopes,
// from a background thread.
//
// report() never blocks: it spends one unit of a per-minute budget
// ([telemetry] sentry_max_per_minute; a fixed window on the Clock) and
// queues the envelope; over budget, or with the queue full, the report is
// dropped and counted. Messages and tags are scrubbed of secrets by
// core/telemetry/sentry_envelope.h before they are queued.
//
// Thread-safety: report(), flush() and the counters from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/base/clock.h"
#include "core/http/http_types.h"
#include "core/telemetry/sentry_envelope.h"
#include "core/telemetry/trace_context.h"
#include "proxy/telemetry/batch_queue.h"

namespace gw {

class ErrorReporter {
 public:
  static constexpr size_t kQueue = 64;  // envelopes waiting to be sent

  ErrorReporter(SentryDsn dsn, HttpClient& client, Clock& clock, RandomSource& random, int max_per_minute,
                int timeout_ms);

  // false: not queued (over the minute's budget, or the queue is full).
  bool report(std::string type, std::string message, std::map<std::string, std::string> tags);
  void flush() { queue_.flush(); }

  int64_t sent() const { return sent_.load(); }              // accepted by the receiver (2xx)
  int64_t failed() const { return failed_.load(); }          // posts that failed
  int64_t suppressed() const { return suppressed_.load(); }  // over budget or queue full

 private:
  bool take_budget();
  void post(const std::string& envelope);

  const SentryDsn dsn_;
  HttpClient& client_;
  Clock& clock_;
  RandomSource& random_;
  const int max_per_minute_;
  const int timeout_ms_;
  std::mutex mu_;
  int64_t window_start_ms_ = 0;  // guarded by mu_
  int used_ = 0;                 // guarded by mu_
  std::atomic<int64_t> sent_{0};
  std::atomic<int64_t> failed_{0};
  std::atomic<int64_t> suppressed_{0};
  BatchQueue<std::string> queue_;  // last: its thread uses the members above
};

}  // namespace gw
