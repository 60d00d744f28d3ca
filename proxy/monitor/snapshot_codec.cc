// snapshot_codec.cc - contracts in snapshot_codec.h.
#include "proxy/monitor/snapshot_codec.h"

#include <nlohmann/json.hpp>

#include "core/json/json_parse.h"

namespace gw {
namespace {

using nlohmann::json;

// The tree of `text` when it is an object, else nullopt.
std::optional<json> object_of(std::string_view text) {
  json j = parse_json(text);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace

std::string encode_catalog_states(const std::vector<ProviderSync>& states) {
  json list = json::array();
  for (const ProviderSync& p : states)
    list.push_back({{"provider", p.provider},
                    {"last_attempt_ms", p.last_attempt_ms},
                    {"last_success_ms", p.last_success_ms},
                    {"last_error", p.last_error},
                    {"failures", p.consecutive_failures},
                    {"ids", p.listing.ids},
                    {"complete", p.listing.complete}});
  return json{{"providers", std::move(list)}}.dump();
}

std::optional<std::vector<ProviderSync>> decode_catalog_states(std::string_view text) {
  auto j = object_of(text);
  if (!j) return std::nullopt;
  try {
    std::vector<ProviderSync> out;
    for (const json& e : j->at("providers")) {
      ProviderSync p;
      p.provider = e.at("provider").get<std::string>();
      p.last_attempt_ms = e.at("last_attempt_ms").get<int64_t>();
      p.last_success_ms = e.at("last_success_ms").get<int64_t>();
      p.last_error = e.at("last_error").get<std::string>();
      p.consecutive_failures = e.at("failures").get<int>();
      p.listing.ids = e.at("ids").get<std::vector<std::string>>();
      p.listing.complete = e.at("complete").get<bool>();
      out.push_back(std::move(p));
    }
    return out;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string encode_checks(const ChecksSnapshot& checks) {
  json results = json::array();
  for (const ProbeResult& r : checks.results)
    results.push_back({{"provider", r.provider},
                       {"model", r.model},
                       {"checked_ms", r.checked_ms},
                       {"ok", r.ok},
                       {"failures", r.consecutive_failures},
                       {"latency_ms", r.latency_ms},
                       {"error", r.error}});
  return json{{"results", std::move(results)}, {"slots", checks.slots_used_ms}}.dump();
}

std::optional<ChecksSnapshot> decode_checks(std::string_view text) {
  auto j = object_of(text);
  if (!j) return std::nullopt;
  try {
    ChecksSnapshot out;
    for (const json& e : j->at("results")) {
      ProbeResult r;
      r.provider = e.at("provider").get<std::string>();
      r.model = e.at("model").get<std::string>();
      r.checked_ms = e.at("checked_ms").get<int64_t>();
      r.ok = e.at("ok").get<bool>();
      r.consecutive_failures = e.at("failures").get<int>();
      r.latency_ms = e.at("latency_ms").get<int64_t>();
      r.error = e.at("error").get<std::string>();
      out.results.push_back(std::move(r));
    }
    out.slots_used_ms = j->at("slots").get<std::map<std::string, int64_t>>();
    return out;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string encode_summary(const InstanceSummary& summary) {
  json health = json::array();
  for (const HealthStats& h : summary.health)
    health.push_back({h.provider, h.model, h.requests, h.probes, h.failures, h.total_latency_ms, h.last_failure_ms,
                      h.p50_latency_ms});
  json latency = json::array();
  for (const LatencyBook::Row& r : summary.latency)
    latency.push_back({r.provider, r.model, r.latency.ttft_p50_ms, r.latency.ttft_samples, r.latency.total_p50_ms,
                       r.latency.total_samples});
  return json{{"health", std::move(health)}, {"latency", std::move(latency)}}.dump();
}

std::optional<InstanceSummary> decode_summary(std::string_view text) {
  auto j = object_of(text);
  if (!j) return std::nullopt;
  try {
    InstanceSummary out;
    for (const json& e : j->at("health")) {
      HealthStats h;
      h.provider = e.at(0).get<std::string>();
      h.model = e.at(1).get<std::string>();
      h.requests = e.at(2).get<int64_t>();
      h.probes = e.at(3).get<int64_t>();
      h.failures = e.at(4).get<int64_t>();
      h.total_latency_ms = e.at(5).get<int64_t>();
      h.last_failure_ms = e.at(6).get<int64_t>();
      h.p50_latency_ms = e.at(7).get<int64_t>();
      out.health.push_back(std::move(h));
    }
    for (const json& e : j->at("latency")) {
      LatencyBook::Row r;
      r.provider = e.at(0).get<std::string>();
      r.model = e.at(1).get<std::string>();
      r.latency.ttft_p50_ms = e.at(2).get<int64_t>();
      r.latency.ttft_samples = e.at(3).get<int64_t>();
      r.latency.total_p50_ms = e.at(4).get<int64_t>();
      r.latency.total_samples = e.at(5).get<int64_t>();
      out.latency.push_back(std::move(r));
    }
    return out;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace gw
