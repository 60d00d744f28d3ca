// request_observation.h - what Telemetry notes about one request while it
// runs (trace context, finished spans, upstream attempts, captured bodies),
// kept inside its RequestContext. Owned by the request; not shared between
// threads. Filled only by Telemetry (telemetry.h); everything is empty when
// tracing and the access log are off.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/telemetry/access_log_line.h"
#include "core/telemetry/span.h"

namespace gw {

struct RequestObservation {
  // Trace context: from the caller's traceparent, or new when tracing is on.
  std::string trace_id;        // "" = no trace context at all
  std::string caller_span_id;  // the caller's span (parent of our root); "" = none
  bool sampled = true;         // the caller's sampling decision
  std::string tracestate;      // the caller's tracestate, passed on upstream
  bool recording = false;      // spans are collected for export
  std::string root_span_id;
  int64_t start_unix_ns = 0;  // wall time at arrival (spans' time base)
  std::vector<Span> spans;    // children of the root, in start order
  int open_step = -1;         // index in spans of the step running now; -1 = none
  int open_attempt = -1;      // index in spans of the upstream attempt in flight

  std::string error;                  // message of the error returned; "" = none
  bool internal_error = false;        // it was a kInternal error (reported)
  std::vector<AttemptNote> attempts;  // debug access log only
  bool first_chunk_sent = false;
  std::string request_body;   // [log] include_bodies only
  std::string response_body;  // [log] include_bodies only (capped)
};

}  // namespace gw
