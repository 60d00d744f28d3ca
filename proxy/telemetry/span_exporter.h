// span_exporter.h - sends finished spans to an OpenTelemetry collector as
// OTLP/HTTP JSON (POST [telemetry] otlp_endpoint) from a background thread.
//
// submit() only queues (BatchQueue): at most [telemetry] queue_spans wait;
// beyond that spans are dropped and counted, so a slow or dead collector
// never slows a request. The thread posts up to batch_spans per request,
// every flush_interval_ms or as soon as a batch is full, each post bounded by
// export_timeout_ms. Failed posts are counted, not retried.
//
// Thread-safety: submit(), flush() and the counters from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/config/config.h"
#include "core/http/http_types.h"
#include "core/telemetry/span.h"
#include "proxy/telemetry/batch_queue.h"

namespace gw {

class SpanExporter {
 public:
  SpanExporter(const TelemetrySettings& settings, HttpClient& client);

  // Queues every span of `spans` (moved from); returns how many were dropped.
  int64_t submit(std::vector<Span>& spans);
  // Blocks until every span submitted so far has been posted (or failed).
  void flush() { queue_.flush(); }

  int64_t exported() const { return exported_.load(); }  // spans the collector accepted (2xx)
  int64_t failed() const { return failed_.load(); }      // spans in posts that failed
  int64_t dropped() const { return queue_.dropped(); }   // spans the full queue turned away

 private:
  void post(std::vector<Span>& batch);

  const TelemetrySettings settings_;
  HttpClient& client_;
  std::atomic<int64_t> exported_{0};
  std::atomic<int64_t> failed_{0};
  BatchQueue<Span> queue_;  // last: its thread uses the members above
};

}  // namespace gw
