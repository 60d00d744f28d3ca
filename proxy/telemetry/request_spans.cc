// request_spans.cc - one request's span tree (see request_spans.h).
#include "proxy/telemetry/request_spans.h"

#include <algorithm>

namespace gw {

void start_trace(RequestObservation& obs, std::string_view traceparent, std::string_view tracestate, bool tracing,
                 int64_t start_unix_ns, RandomSource& random) {
  auto caller = traceparent.empty() ? std::nullopt : parse_traceparent(traceparent);
  if (caller) {
    obs.trace_id = std::move(caller->trace_id);
    obs.caller_span_id = std::move(caller->parent_id);
    obs.sampled = caller->sampled;
    obs.tracestate = std::string(tracestate);
  } else if (tracing) {
    obs.trace_id = new_trace_id(random);
  } else {
    return;
  }
  obs.recording = tracing && obs.sampled;
  if (!obs.recording) return;
  obs.root_span_id = new_span_id(random);
  obs.start_unix_ns = start_unix_ns;
}

int open_span(RequestObservation& obs, std::string name, SpanKind kind, bool under_step, int64_t unix_ns,
              RandomSource& random) {
  Span s;
  s.trace_id = obs.trace_id;
  s.span_id = new_span_id(random);
  s.parent_span_id = under_step && obs.open_step >= 0 ? obs.spans[static_cast<size_t>(obs.open_step)].span_id.view()
                                                      : std::string_view(obs.root_span_id);
  s.name = std::move(name);
  s.kind = kind;
  s.start_unix_ns = unix_ns;
  obs.spans.push_back(std::move(s));
  return static_cast<int>(obs.spans.size()) - 1;
}

void close_span(RequestObservation& obs, int index, int64_t unix_ns, bool ok) {
  if (index < 0 || static_cast<size_t>(index) >= obs.spans.size()) return;
  Span& s = obs.spans[static_cast<size_t>(index)];
  if (s.end_unix_ns != 0) return;
  s.end_unix_ns = std::max(unix_ns, s.start_unix_ns);
  s.error = !ok;
}

std::string upstream_traceparent(const RequestObservation& obs) {
  if (obs.trace_id.empty()) return {};
  if (obs.recording && obs.open_attempt >= 0)
    return format_traceparent(obs.trace_id, obs.spans[static_cast<size_t>(obs.open_attempt)].span_id, obs.sampled);
  return format_traceparent(obs.trace_id, obs.caller_span_id.empty() ? obs.root_span_id : obs.caller_span_id,
                            obs.sampled);
}

std::vector<Span> finish_trace(RequestObservation& obs, Span root, int64_t end_unix_ns) {
  for (size_t i = 0; i < obs.spans.size(); ++i) close_span(obs, static_cast<int>(i), end_unix_ns, !root.error);
  obs.open_step = obs.open_attempt = -1;
  root.trace_id = obs.trace_id;
  root.span_id = obs.root_span_id;
  root.parent_span_id = obs.caller_span_id;
  root.start_unix_ns = obs.start_unix_ns;
  root.end_unix_ns = std::max(end_unix_ns, obs.start_unix_ns);
  std::vector<Span> out = std::move(obs.spans);
  obs.spans.clear();
  out.push_back(std::move(root));
  return out;
}

}  // namespace gw
