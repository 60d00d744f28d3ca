// telemetry.h - what gw tells the outside about itself: Prometheus metrics
// (metrics.h), OpenTelemetry traces (span_exporter.h), error reports to a
// Sentry-compatible receiver (error_reporter.h) and the structured access
// log (access_log.h), behind one object the pipeline calls at a few points.
//
// Request path, in order (each call is cheap; with tracing and the access
// log off only metrics are touched, lock-free after warm-up):
//   request_started  -> trace context from `traceparent` (invalid = new trace)
//   step_started/step_ended, around each pipeline step -> child spans
//   attempt_started/attempt_ended, around each upstream call (forward) ->
//       `traceparent` upstream, an attempt span, inference metrics
//   sent_to_client (relay) -> time to first chunk, captured bodies
//   credits_used, request_finished (settle, or refuse() before forward) ->
//       tokens, credits, overhead, the root span, one access-log line
// Spans, log lines and error reports are queued for background threads and
// dropped (counted in gw_telemetry_dropped_total) rather than waited for.
//
// Other subsystems count through rate_limited() and
// webhook_delivery(); the free functions below do nothing when the pointer
// is null (Services built by hand). Inside a Gateway it is never null.
//
// Thread-safety: every member may be called from any thread; the
// RequestContext passed in belongs to the caller, as always.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/money.h"
#include "core/catalog/catalog.h"
#include "core/config/config.h"
#include "core/health/circuit_breaker.h"
#include "core/http/http_types.h"
#include "core/telemetry/trace_context.h"
#include "proxy/pipeline/request_context.h"
#include "proxy/telemetry/access_log.h"

namespace gw {

struct TelemetryOptions {
  const Config* config = nullptr;            // required; [log] and [telemetry]
  Clock* clock = nullptr;                    // required
  const Catalog* catalog = nullptr;          // required; labels of model series
  RandomSource* random = nullptr;            // null = system_random(); trace, span and event ids
  HttpClient* exporter = nullptr;            // OTLP and Sentry posts; required when either is configured
  const BreakerBoard* breakers = nullptr;    // null = no circuit_breaker_state series
  std::function<int64_t()> limit_fallbacks;  // read at scrape time; empty = no rate_limit_fallback_decisions_total
  std::function<int64_t()> cluster_leader;   // read at scrape time; empty = no cluster_leader (no Redis)
  std::vector<std::string> routes;           // route patterns (http_requests_total), by route number
  std::unique_ptr<LogOutput> access_log;     // null = from [log] access_log
};

class Telemetry {
 public:
  // kConfig for a bad DSN or a missing exporter; kIo when the access log
  // file cannot be opened.
  static Result<std::unique_ptr<Telemetry>> create(TelemetryOptions options);
  ~Telemetry();
  Telemetry(const Telemetry&) = delete;
  Telemetry& operator=(const Telemetry&) = delete;

  // --- the request pipeline (see the order above) ---
  void request_started(RequestContext& ctx, const InboundRequest& in);
  // A pipeline step (a child span of the request); steps do not nest. The
  // step still open when the request finishes ends with it ("relay").
  void step_started(RequestContext& ctx, std::string_view name);
  void step_ended(RequestContext& ctx, bool ok = true);
  // Adds traceparent (and the caller's tracestate) to the upstream request.
  void attempt_started(RequestContext& ctx, Headers& upstream_headers);
  // status 0 = no answer (connection failure, timeout, empty stream).
  void attempt_ended(RequestContext& ctx, const ProviderInfo& provider, int status, int64_t duration_ns);
  void sent_to_client(RequestContext& ctx, std::string_view bytes);
  // The error the client is about to get (access log, span status; kInternal
  // ones are reported).
  void note_error(RequestContext& ctx, const Error& error);
  // Money charged for the request: credits_used_total{provider,model}.
  void credits_used(const RequestContext& ctx, Money cost);
  // Once per request, when it is over.
  void request_finished(RequestContext& ctx, Money cost);

  // --- other subsystems (label values as in core/telemetry/metric_table.cc; unknown
  // values count as "other") ---
  void rate_limited(std::string_view layer);       // "ip" | "key" | "anonymous" | "login" | "register"
  void webhook_delivery(std::string_view result);  // "delivered" | "retried" | "failed"
  // An unexpected error outside a request's normal flow (an exception caught
  // at the route edge); scrubbed, rate-limited, sent in the background.
  // false: not queued (reporting off, over budget, or queue full).
  bool report_error(std::string_view type, std::string_view message, std::map<std::string, std::string> tags = {});
  bool reports_errors() const;  // a DSN is configured

  // --- the server edge ---
  void http_request(size_t route, int code);  // route >= routes.size() = "unmatched"
  std::string scrape() const;                 // GET /metrics body
  // Waits until queued log lines are written, spans exported and error
  // reports sent (tests, shutdown).
  void flush();
  bool tracing() const;

 private:
  Telemetry() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Null-safe forms for code that may run without telemetry.
inline void rate_limited(Telemetry* t, std::string_view layer) {
  if (t) t->rate_limited(layer);
}
inline void webhook_delivery(Telemetry* t, std::string_view result) {
  if (t) t->webhook_delivery(result);
}

}  // namespace gw
