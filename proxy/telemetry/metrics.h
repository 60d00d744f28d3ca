// metrics.h - gw's Prometheus metrics (core/telemetry/metric_table.h names them),
// kept in a prometheus-cpp registry (its core library only: gw serves
// /metrics through its own route) and rendered in the text format.
//
// The hot path takes no lock once a label set has been seen: series for
// (model, provider) live in a flat array indexed by the catalog's model and
// the provider table's positions, status codes in a small lock-free table
// per series, and one-label counters with fixed values are created up front.
// Only the first use of a label set takes the mutex (prometheus-cpp's
// Family::Add) and keeps the returned reference.
//
// credits_used_total is summed exactly in fixed-point Money units and turned
// into dollars only when scraped; circuit_breaker_state is read from the
// breakers at scrape time.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/money.h"
#include "core/base/usage.h"
#include "core/catalog/catalog.h"
#include "core/health/circuit_breaker.h"
#include "core/providers/provider_table.h"
#include "core/telemetry/metric_table.h"

namespace gw {

class Metrics {
 public:
  // `routes`: the route patterns of http_requests_total, by route number.
  Metrics(const Catalog& catalog, std::vector<std::string> routes);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One upstream call: status 0 = no answer (counted as status "error").
  void upstream_attempt(const CatalogModel& model, const ProviderInfo& provider, int status, int64_t duration_ns);
  // A served request's tokens and cost. provider may be null (no answer).
  void tokens(const CatalogModel& model, const ProviderInfo* provider, const Usage& usage);
  void credits(const CatalogModel& model, const ProviderInfo* provider, Money cost);
  void first_chunk(const CatalogModel& model, const ProviderInfo& provider, int64_t ns);
  void overhead(int64_t ns);
  // route >= the number of routes counts as "unmatched".
  void http_request(size_t route, int code);
  // One-label counters with fixed values (rate_limited_requests_total,
  // webhook_deliveries_total, gw_telemetry_dropped_total);
  // unknown values count as "other".
  void count(MetricId id, std::string_view value, int64_t n = 1);
  // cache_requests_total: layer "exact" | "semantic" (anything else is not
  // counted), result as the table lists (unknown: "other").
  void cache_request(std::string_view layer, std::string_view result);

  // The Prometheus text exposition (format 0.0.4), families in table order.
  // limit_fallbacks: rate_limit_fallback_decisions_total, when the limiter runs;
  // cluster_leader: cluster_leader, with Redis.
  std::string scrape(std::span<const BreakerSnapshot> breakers, std::optional<int64_t> limit_fallbacks = std::nullopt,
                     std::optional<int64_t> cluster_leader = std::nullopt) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw
