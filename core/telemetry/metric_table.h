// metric_table.h - every Prometheus metric gw exports, in one table: name,
// help, type, label names, and for histograms the bucket bounds. /metrics,
// the man page and docs/observability.md read this table; nothing else names a metric.
//
// Labels are bounded by construction: provider and model come from the
// compiled-in tables, route from the route table, code/status are HTTP
// statuses, and labels with `values` accept only those values (anything
// else is counted as "other"). Key IDs, user IDs and request IDs are never
// labels. Pure data; thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace gw {

enum class MetricType { kCounter, kGauge, kHistogram };
std::string_view metric_type_name(MetricType t);  // "counter" | "gauge" | "histogram"

// Row index of each metric in the table (metric_table()[id]).
enum class MetricId {
  kInferenceRequests,
  kInferenceDuration,
  kTokensUsed,
  kCreditsUsed,
  kTimeToFirstChunk,
  kOverhead,
  kRateLimited,
  kCircuitBreakerState,
  kHttpRequests,
  kWebhookDeliveries,
  kTelemetryDropped,
  kCacheRequests,
  kRateLimitFallback,
  kClusterLeader,
};

struct MetricSpec {
  MetricId id;
  std::string_view name;  // "model_inference_requests_total"
  MetricType type;
  std::string_view help;                     // one line, also the man page's text
  std::span<const std::string_view> labels;  // label names, in order
  std::span<const std::string_view> values;  // the last label's allowed values; empty = any bounded value
  std::span<const double> buckets;           // histograms: upper bounds in seconds, ascending
};

std::span<const MetricSpec> metric_table();
const MetricSpec& metric_spec(MetricId id);

// The value `value` is counted under for a metric with fixed `values`:
// itself when listed, else "other".
std::string_view bounded_label_value(const MetricSpec& spec, std::string_view value);

}  // namespace gw
