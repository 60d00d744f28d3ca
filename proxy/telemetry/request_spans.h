// request_spans.h - the span tree of one request, built inside its
// RequestObservation: a root span (the request, kind SERVER), children for
// the pipeline steps, and grandchildren for the upstream attempts under the
// step that made them (forward), kind CLIENT. Times are the request's wall
// clock at arrival plus steady-clock offsets, so spans nest exactly.
// Functions of one request's state; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/telemetry/span.h"
#include "core/telemetry/trace_context.h"
#include "proxy/telemetry/request_observation.h"

namespace gw {

// Sets the trace context: the caller's `traceparent` when valid (spans are
// recorded if tracing and the caller sampled), else a new trace when
// tracing. Without tracing and without a valid header, nothing is set.
void start_trace(RequestObservation& obs, std::string_view traceparent, std::string_view tracestate, bool tracing,
                 int64_t start_unix_ns, RandomSource& random);

// Opens a span under the open step (or the root when `under_step` is false
// or no step is open); returns its index in obs.spans. Requires recording.
int open_span(RequestObservation& obs, std::string name, SpanKind kind, bool under_step, int64_t unix_ns,
              RandomSource& random);
// Ends span `index` (no-op for -1 or an ended span).
void close_span(RequestObservation& obs, int index, int64_t unix_ns, bool ok);

// The traceparent for an upstream call: naming the attempt span when
// recording, else passing the caller's on unchanged; "" without a trace.
std::string upstream_traceparent(const RequestObservation& obs);

// Ends open spans, appends the root span `root` (ids and start filled in
// here) and moves every span out.
std::vector<Span> finish_trace(RequestObservation& obs, Span root, int64_t end_unix_ns);

}  // namespace gw
