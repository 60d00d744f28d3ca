// The metric table: valid Prometheus names, bounded labels, sane buckets.
#include "core/telemetry/metric_table.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

namespace gw {
namespace {

bool valid_name(std::string_view n) {
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0]))) return false;
  return std::all_of(n.begin(), n.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

TEST_CASE("metric table: rows are in MetricId order with unique, valid names") {
  std::set<std::string_view> names;
  size_t i = 0;
  for (const MetricSpec& m : metric_table()) {
    CHECK(static_cast<size_t>(m.id) == i++);
    CHECK_MESSAGE(valid_name(m.name), m.name);
    CHECK(names.insert(m.name).second);
    CHECK_FALSE(m.help.empty());
    if (m.type == MetricType::kCounter) CHECK_MESSAGE(ends_with(m.name, "_total"), m.name);
    if (m.type == MetricType::kHistogram) {
      CHECK_MESSAGE(ends_with(m.name, "_seconds"), m.name);
      CHECK_FALSE(m.buckets.empty());
      CHECK(std::is_sorted(m.buckets.begin(), m.buckets.end()));
    }
  }
  CHECK(names.size() == 14);
}

TEST_CASE("metric table: the metrics the issue names are all there") {
  const char* wanted[] = {"model_inference_requests_total",
                          "model_inference_duration_seconds",
                          "tokens_used_total",
                          "credits_used_total",
                          "time_to_first_chunk_seconds",
                          "gw_overhead_seconds",
                          "rate_limited_requests_total",
                          "circuit_breaker_state",
                          "http_requests_total",
                          "webhook_deliveries_total"};
  for (const char* w : wanted) {
    auto table = metric_table();
    CHECK_MESSAGE(std::any_of(table.begin(), table.end(), [&](const MetricSpec& m) { return m.name == w; }), w);
  }
}

TEST_CASE("metric table: no label can carry a key, user or request id") {
  for (const MetricSpec& m : metric_table())
    for (std::string_view label : m.labels) {
      CHECK(label.find("key") == std::string_view::npos);
      CHECK(label.find("user") == std::string_view::npos);
      CHECK(label.find("request") == std::string_view::npos);
    }
}

TEST_CASE("metric table: fixed-value labels map unknown values to other") {
  const MetricSpec& layers = metric_spec(MetricId::kRateLimited);
  CHECK(bounded_label_value(layers, "ip") == "ip");
  CHECK(bounded_label_value(layers, "gw_live_secret") == "other");
  CHECK(bounded_label_value(metric_spec(MetricId::kWebhookDeliveries), "failed") == "failed");
  CHECK(bounded_label_value(metric_spec(MetricId::kWebhookDeliveries), "exploded") == "other");
}

}  // namespace gw
