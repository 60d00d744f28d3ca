// span_exporter.cc - OTLP/HTTP JSON span export (see span_exporter.h).
#include "proxy/telemetry/span_exporter.h"

#include "core/telemetry/otlp_json.h"

namespace gw {

SpanExporter::SpanExporter(const TelemetrySettings& settings, HttpClient& client)
    : settings_(settings),
      client_(client),
      queue_(static_cast<size_t>(settings.queue_spans), static_cast<size_t>(settings.batch_spans),
             std::chrono::milliseconds(settings.flush_interval_ms), [this](std::vector<Span>& batch) { post(batch); }) {
}

int64_t SpanExporter::submit(std::vector<Span>& spans) { return queue_.push_all(spans); }

void SpanExporter::post(std::vector<Span>& batch) {
  HttpRequest r;
  r.method = "POST";
  r.url = settings_.otlp_endpoint;
  r.headers.add("Content-Type", "application/json");
  r.body = otlp_traces_json(batch, settings_.service_name);
  r.connect_timeout_ms = settings_.export_timeout_ms;
  r.read_timeout_ms = settings_.export_timeout_ms;
  (send_accepted(client_, r) ? exported_ : failed_).fetch_add(static_cast<int64_t>(batch.size()));
}

}  // namespace gw
