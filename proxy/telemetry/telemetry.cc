// telemetry.cc - the Telemetry facade (see telemetry.h): turns pipeline
// events into metrics, spans, access-log entries and error reports.
#include "proxy/telemetry/telemetry.h"

#include "core/crypto/secret_scrub.h"
#include "proxy/telemetry/error_reporter.h"
#include "proxy/telemetry/metrics.h"
#include "proxy/telemetry/request_spans.h"
#include "proxy/telemetry/span_exporter.h"

namespace gw {
namespace {

constexpr size_t kMaxCapturedBody = 64 * 1024;  // bytes of a prompt or completion kept for the access log

void append_capped(std::string& to, std::string_view bytes) {
  if (to.size() < kMaxCapturedBody) to.append(bytes.substr(0, kMaxCapturedBody - to.size()));
}

// Each thread keeps the (emptied) span list of its last traced request, so
// the next one reuses its capacity instead of allocating ~2 KiB per request.
thread_local std::vector<Span> spare_spans;

}  // namespace

struct Telemetry::Impl {
  const Config* config = nullptr;
  Clock* clock = nullptr;
  RandomSource* random = nullptr;
  const BreakerBoard* breakers = nullptr;
  std::function<int64_t()> limit_fallbacks;
  std::function<int64_t()> cluster_leader;
  std::unique_ptr<Metrics> metrics;
  std::unique_ptr<SpanExporter> spans;    // null = tracing off
  std::unique_ptr<ErrorReporter> errors;  // null = error reporting off
  std::unique_ptr<AccessLog> access_log;  // null = access log off
  bool include_bodies = false;            // bodies go into access-log lines ([log] include_bodies)
  bool capture_bodies = false;  // bodies are captured: for the access log or the usage log ([log] store_bodies)
  bool debug_log = false;       // keep per-attempt notes

  // Wall-clock nanoseconds of steady time `steady_ns` in `ctx`'s time base.
  int64_t unix_ns(const RequestContext& ctx, int64_t steady_ns) const {
    return ctx.observed.start_unix_ns + (steady_ns - ctx.start_ns);
  }
  int64_t now_unix_ns(const RequestContext& ctx) const { return unix_ns(ctx, clock->steady_ns()); }

  void count_dropped(std::string_view signal, int64_t n) {
    if (n > 0) metrics->count(MetricId::kTelemetryDropped, signal, n);
  }

  void export_trace(RequestContext& ctx, int64_t overhead_ns, Money cost) {
    RequestObservation& obs = ctx.observed;
    Span root;
    root.name = "POST " + ctx.route;
    root.kind = SpanKind::kServer;
    root.attributes.reserve(12);
    root.set("http.request.method", std::string("POST"));
    root.set("http.route", ctx.route);
    root.set("http.response.status_code", int64_t{ctx.status});
    root.set("gw.request_id", ctx.request_id);
    if (!ctx.client_request_id.empty()) root.set("gw.client_request_id", ctx.client_request_id);
    if (ctx.resolved.model) root.set("gen_ai.request.model", ctx.resolved.model->id);
    if (ctx.served_by) root.set("gw.provider", ctx.served_by->provider->slug);
    root.set("gw.attempts", int64_t{ctx.attempts});
    root.set("gen_ai.usage.input_tokens", ctx.usage.prompt_tokens);
    root.set("gen_ai.usage.output_tokens", ctx.usage.completion_tokens);
    root.set("gw.cost_usd", cost.to_string());
    root.set("gw.overhead_us", overhead_ns / 1000);
    root.error = ctx.status >= 500;
    if (root.error) root.status_message = scrub_secrets(obs.error);
    std::vector<Span> all = finish_trace(obs, std::move(root), now_unix_ns(ctx));
    count_dropped("spans", spans->submit(all));  // leaves `all` empty
    spare_spans = std::move(all);
  }

  void log_access(RequestContext& ctx, int64_t elapsed_ns, int64_t overhead_ns, Money cost) {
    RequestObservation& obs = ctx.observed;
    AccessEntry e;
    e.unix_ms = clock->now_unix_ms();
    e.request_id = ctx.request_id;
    e.client_request_id = ctx.client_request_id;
    e.key_id = ctx.key_id;
    e.user_id = ctx.user_id;
    e.route = ctx.route;
    if (ctx.resolved.model) e.model = ctx.resolved.model->id;
    if (ctx.served_by) e.provider = ctx.served_by->provider->slug;
    e.status = ctx.status;
    e.attempts = ctx.attempts;
    e.stream = ctx.chat.stream;
    e.usage = ctx.usage;
    e.cost = cost;
    e.latency_us = elapsed_ns / 1000;
    e.overhead_us = overhead_ns / 1000;
    e.cache = ctx.cache_result;
    e.trace_id = obs.trace_id;
    e.error = scrub_secrets(obs.error);
    e.attempts_detail = std::move(obs.attempts);
    if (include_bodies) {
      e.request_body = obs.request_body;
      e.response_body = obs.response_body;
    }
    if (!access_log->write(std::move(e))) count_dropped("access_log", 1);
  }
};

Result<std::unique_ptr<Telemetry>> Telemetry::create(TelemetryOptions o) {
  std::unique_ptr<Telemetry> t(new Telemetry());
  t->impl_ = std::make_unique<Impl>();
  Impl& m = *t->impl_;
  const Config& c = *o.config;
  m.config = o.config;
  m.clock = o.clock;
  m.random = o.random ? o.random : &system_random();
  m.breakers = o.breakers;
  m.limit_fallbacks = std::move(o.limit_fallbacks);
  m.cluster_leader = std::move(o.cluster_leader);
  m.metrics = std::make_unique<Metrics>(*o.catalog, std::move(o.routes));
  bool exports = !c.telemetry.otlp_endpoint.empty() || !c.telemetry.sentry_dsn.empty();
  if (exports && !o.exporter) return make_error(ErrorKind::kConfig, "telemetry: no HTTP client for exports");
  if (!c.telemetry.otlp_endpoint.empty()) m.spans = std::make_unique<SpanExporter>(c.telemetry, *o.exporter);
  if (!c.telemetry.sentry_dsn.empty()) {
    auto dsn = parse_sentry_dsn(c.telemetry.sentry_dsn);
    if (!dsn) return dsn.error();
    m.errors = std::make_unique<ErrorReporter>(std::move(dsn).value(), *o.exporter, *o.clock, *m.random,
                                               c.telemetry.sentry_max_per_minute, c.telemetry.export_timeout_ms);
  }
  std::unique_ptr<LogOutput> out = std::move(o.access_log);
  if (!out && !c.log.access_log.empty()) {
    auto opened = open_log_output(c.log.access_log);
    if (!opened) return opened.error();
    out = std::move(opened).value();
  }
  LogLevel level = parse_log_level(c.log.level).value_or(LogLevel::kInfo);
  if (out) m.access_log = std::make_unique<AccessLog>(std::move(out), level);
  m.include_bodies = m.access_log && c.log.include_bodies;
  m.capture_bodies = m.include_bodies || c.log.store_bodies;
  m.debug_log = m.access_log && level == LogLevel::kDebug;
  return t;
}

Telemetry::~Telemetry() {
  if (impl_->access_log) impl_->access_log->flush();  // every finished request gets its line
}

bool Telemetry::tracing() const { return impl_->spans != nullptr; }

void Telemetry::request_started(RequestContext& ctx, const InboundRequest& in) {
  Impl& m = *impl_;
  std::string_view traceparent = in.headers.get("traceparent");
  if (m.spans || !traceparent.empty())
    start_trace(ctx.observed, traceparent, in.headers.get("tracestate"), m.spans != nullptr,
                m.clock->now_unix_ms() * 1'000'000, *m.random);
  if (ctx.observed.recording) ctx.observed.spans.swap(spare_spans);
  if (m.capture_bodies) append_capped(ctx.observed.request_body, in.body);
}

void Telemetry::step_started(RequestContext& ctx, std::string_view name) {
  RequestObservation& obs = ctx.observed;
  if (!obs.recording) return;
  close_span(obs, obs.open_step, impl_->now_unix_ns(ctx), true);
  obs.open_step =
      open_span(obs, std::string(name), SpanKind::kInternal, false, impl_->now_unix_ns(ctx), *impl_->random);
}

void Telemetry::step_ended(RequestContext& ctx, bool ok) {
  RequestObservation& obs = ctx.observed;
  if (!obs.recording) return;
  close_span(obs, obs.open_step, impl_->now_unix_ns(ctx), ok);
  obs.open_step = -1;
}

void Telemetry::attempt_started(RequestContext& ctx, Headers& upstream_headers) {
  RequestObservation& obs = ctx.observed;
  if (obs.trace_id.empty()) return;
  if (obs.recording)
    obs.open_attempt =
        open_span(obs, "upstream_attempt", SpanKind::kClient, true, impl_->now_unix_ns(ctx), *impl_->random);
  upstream_headers.set("traceparent", upstream_traceparent(obs));
  if (!obs.tracestate.empty()) upstream_headers.set("tracestate", obs.tracestate);
}

void Telemetry::attempt_ended(RequestContext& ctx, const ProviderInfo& provider, int status, int64_t duration_ns) {
  Impl& m = *impl_;
  RequestObservation& obs = ctx.observed;
  if (ctx.resolved.model) m.metrics->upstream_attempt(*ctx.resolved.model, provider, status, duration_ns);
  if (m.debug_log) obs.attempts.push_back({provider.slug, status, duration_ns / 1000});
  if (obs.open_attempt < 0) return;
  Span& s = obs.spans[static_cast<size_t>(obs.open_attempt)];
  s.attributes.reserve(3);
  s.set("gw.provider", provider.slug);
  s.set("gw.attempt", int64_t{ctx.attempts});
  s.set("http.response.status_code", int64_t{status});
  close_span(obs, obs.open_attempt, m.now_unix_ns(ctx), status >= 200 && status < 300);
  obs.open_attempt = -1;
}

void Telemetry::sent_to_client(RequestContext& ctx, std::string_view bytes) {
  Impl& m = *impl_;
  RequestObservation& obs = ctx.observed;
  if (!obs.first_chunk_sent && !bytes.empty()) {
    obs.first_chunk_sent = true;
    if (ctx.chat.stream && ctx.served_by && ctx.resolved.model)
      m.metrics->first_chunk(*ctx.resolved.model, *ctx.served_by->provider, m.clock->steady_ns() - ctx.start_ns);
  }
  if (m.capture_bodies) append_capped(obs.response_body, bytes);
}

void Telemetry::note_error(RequestContext& ctx, const Error& error) {
  ctx.observed.error = error.message;
  ctx.observed.internal_error = error.kind == ErrorKind::kInternal;
}

void Telemetry::credits_used(const RequestContext& ctx, Money cost) {
  if (ctx.resolved.model)
    impl_->metrics->credits(*ctx.resolved.model, ctx.served_by ? ctx.served_by->provider : nullptr, cost);
}

void Telemetry::request_finished(RequestContext& ctx, Money cost) {
  Impl& m = *impl_;
  int64_t elapsed_ns = m.clock->steady_ns() - ctx.start_ns;
  int64_t overhead_ns = std::max<int64_t>(0, elapsed_ns - ctx.upstream_ns);
  m.metrics->overhead(overhead_ns);
  bool served = ctx.status >= 200 && ctx.status < 300;
  if (served && ctx.resolved.model && ctx.cache_result != "hit")  // a hit's tokens came from no provider
    m.metrics->tokens(*ctx.resolved.model, ctx.served_by ? ctx.served_by->provider : nullptr, ctx.usage);
  if (!ctx.cache_result.empty())  // a semantic hit was an exact miss first
    m.metrics->cache_request("exact", ctx.cache_layer == "semantic" ? "miss" : ctx.cache_result);
  if (!ctx.semantic_result.empty()) m.metrics->cache_request("semantic", ctx.semantic_result);
  if (ctx.observed.internal_error)
    report_error("internal", ctx.observed.error, {{"route", ctx.route}, {"request_id", ctx.request_id}});
  if (ctx.observed.recording) m.export_trace(ctx, overhead_ns, cost);
  if (m.access_log && m.access_log->wants(ctx.status)) m.log_access(ctx, elapsed_ns, overhead_ns, cost);
}

void Telemetry::rate_limited(std::string_view layer) { impl_->metrics->count(MetricId::kRateLimited, layer); }

void Telemetry::webhook_delivery(std::string_view result) {
  impl_->metrics->count(MetricId::kWebhookDeliveries, result);
}

bool Telemetry::report_error(std::string_view type, std::string_view message, std::map<std::string, std::string> tags) {
  Impl& m = *impl_;
  if (!m.errors) return false;
  if (m.errors->report(std::string(type), std::string(message), std::move(tags))) return true;
  m.count_dropped("errors", 1);
  return false;
}

bool Telemetry::reports_errors() const { return impl_->errors != nullptr; }

void Telemetry::http_request(size_t route, int code) { impl_->metrics->http_request(route, code); }

std::string Telemetry::scrape() const {
  std::vector<BreakerSnapshot> breakers;
  if (impl_->breakers) breakers = impl_->breakers->snapshots();
  std::optional<int64_t> fallbacks;
  if (impl_->limit_fallbacks) fallbacks = impl_->limit_fallbacks();
  std::optional<int64_t> leader;
  if (impl_->cluster_leader) leader = impl_->cluster_leader();
  return impl_->metrics->scrape(breakers, fallbacks, leader);
}

void Telemetry::flush() {
  if (impl_->access_log) impl_->access_log->flush();
  if (impl_->spans) impl_->spans->flush();
  if (impl_->errors) impl_->errors->flush();
}

}  // namespace gw
