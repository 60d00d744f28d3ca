// metric_table.cc - the metric table (see metric_table.h). Constant data.
#include "core/telemetry/metric_table.h"

#include <algorithm>

namespace gw {
namespace {

constexpr std::string_view kProviderModelStatus[] = {"provider", "model", "status"};
constexpr std::string_view kProviderModel[] = {"provider", "model"};
constexpr std::string_view kProviderModelType[] = {"provider", "model", "type"};
constexpr std::string_view kLayer[] = {"layer"};
constexpr std::string_view kProvider[] = {"provider"};
constexpr std::string_view kResult[] = {"result"};
constexpr std::string_view kLayerResult[] = {"layer", "result"};
constexpr std::string_view kRouteCode[] = {"route", "code"};
constexpr std::string_view kSignal[] = {"signal"};

constexpr std::string_view kTokenTypes[] = {"prompt", "completion", "cached", "reasoning"};
constexpr std::string_view kLayers[] = {"ip", "key", "anonymous", "login", "register", "other"};
constexpr std::string_view kWebhookResults[] = {"delivered", "retried", "failed", "other"};
constexpr std::string_view kSignals[] = {"spans", "access_log", "errors"};
constexpr std::string_view kCacheResults[] = {"hit", "miss", "bypass", "error", "other"};

// Seconds. A provider call: 50 ms .. 2 min.
constexpr double kInferenceBuckets[] = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
// Seconds until a stream's first bytes: 10 ms .. 10 s.
constexpr double kFirstChunkBuckets[] = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
// Seconds of gw's own time per request: 10 us .. 50 ms (the target is ~60 us).
constexpr double kOverheadBuckets[] = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
                                       0.001,   0.0025,   0.005,   0.01,   0.05};

constexpr MetricSpec kMetrics[] = {
    {MetricId::kInferenceRequests,
     "model_inference_requests_total",
     MetricType::kCounter,
     "Upstream provider calls (one per attempt, failover included); status is the provider's HTTP status, or "
     "\"error\" when no answer came.",
     kProviderModelStatus,
     {},
     {}},
    {MetricId::kInferenceDuration,
     "model_inference_duration_seconds",
     MetricType::kHistogram,
     "Seconds each upstream provider call took until its answer began (for streams: its first bytes).",
     kProviderModel,
     {},
     kInferenceBuckets},
    {MetricId::kTokensUsed,
     "tokens_used_total",
     MetricType::kCounter,
     "Tokens of served requests by type: prompt, completion, cached (part of prompt), reasoning (part of "
     "completion).",
     kProviderModelType,
     kTokenTypes,
     {}},
    {MetricId::kCreditsUsed,
     "credits_used_total",
     MetricType::kCounter,
     "US dollars charged for served requests (summed exactly in fixed point, converted at scrape time).",
     kProviderModel,
     {},
     {}},
    {MetricId::kTimeToFirstChunk,
     "time_to_first_chunk_seconds",
     MetricType::kHistogram,
     "Seconds from a streaming request's arrival until its first chunk was handed to the client.",
     kProviderModel,
     {},
     kFirstChunkBuckets},
    {MetricId::kOverhead,
     "gw_overhead_seconds",
     MetricType::kHistogram,
     "Seconds gw itself spent on a request (latency minus time waiting on providers).",
     {},
     {},
     kOverheadBuckets},
    {MetricId::kRateLimited,
     "rate_limited_requests_total",
     MetricType::kCounter,
     "Requests refused by a rate limiter, by layer.",
     kLayer,
     kLayers,
     {}},
    {MetricId::kCircuitBreakerState,
     "circuit_breaker_state",
     MetricType::kGauge,
     "Circuit breaker of each provider that has seen traffic: 0 closed, 1 half-open, 2 open.",
     kProvider,
     {},
     {}},
    {MetricId::kHttpRequests,
     "http_requests_total",
     MetricType::kCounter,
     "HTTP requests answered, by route pattern (\"unmatched\" for unknown paths) and status code.",
     kRouteCode,
     {},
     {}},
    {MetricId::kWebhookDeliveries,
     "webhook_deliveries_total",
     MetricType::kCounter,
     "Webhook delivery attempts by result.",
     kResult,
     kWebhookResults,
     {}},
    {MetricId::kTelemetryDropped,
     "gw_telemetry_dropped_total",
     MetricType::kCounter,
     "Spans, access-log lines and error reports dropped rather than waited for: their queue was full (a slow "
     "collector or disk) or, for error reports, the per-minute budget was spent.",
     kSignal,
     kSignals,
     {}},
    {MetricId::kCacheRequests,
     "cache_requests_total",
     MetricType::kCounter,
     "Chat requests that met the response cache, by layer (exact; semantic, after an exact miss when "
     "[cache.semantic] is on) and result: hit (answered from it), miss (looked up, not found), bypass (not a "
     "candidate: not deterministic under [cache] mode, the caller said off, or for semantic not a short plain "
     "conversation), error (semantic: no embedding; the request went upstream).",
     kLayerResult,
     kCacheResults,
     {}},
    {MetricId::kRateLimitFallback,
     "rate_limit_fallback_decisions_total",
     MetricType::kCounter,
     "Rate-limit store calls answered by the in-process fallback because the main store ([redis] url) failed or "
     "was being skipped after a failure (re-probed every [redis] retry_ms).",
     {},
     {},
     {}},
    {MetricId::kClusterLeader,
     "cluster_leader",
     MetricType::kGauge,
     "With [redis] url: 1 while this instance holds the cluster's leader lease and runs the catalog sync and "
     "active health checks for every instance, 0 while another does or Redis is unreachable (each instance then "
     "works alone). Absent without Redis.",
     {},
     {},
     {}},
};

}  // namespace

std::string_view metric_type_name(MetricType t) {
  switch (t) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

std::span<const MetricSpec> metric_table() { return kMetrics; }

const MetricSpec& metric_spec(MetricId id) { return kMetrics[static_cast<size_t>(id)]; }

std::string_view bounded_label_value(const MetricSpec& spec, std::string_view value) {
  return std::find(spec.values.begin(), spec.values.end(), value) != spec.values.end() ? value : "other";
}

}  // namespace gw
