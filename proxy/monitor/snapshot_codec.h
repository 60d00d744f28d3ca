// snapshot_codec.h - the text the instances of one cluster exchange through
// Redis (proxy/monitor/cluster_sync.h), as JSON:
//   catalog  the leader's catalog sync state: per provider its attempts,
//            last error and last good listing (core/catalog/catalog_sync.h)
//   checks   the leader's active checks: the latest result per target and
//            when each target's slot was last used (so a new leader does
//            not probe again what the last one just probed)
//   summary  one instance's own passive health rows and measured latencies
// Decoding never throws: text that is not what encode wrote (another
// version, a stray value) decodes to nullopt and is ignored.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog_sync.h"
#include "core/health/incidents.h"
#include "core/health/latency_book.h"
#include "core/health/provider_health.h"

namespace gw {

std::string encode_catalog_states(const std::vector<ProviderSync>& states);
std::optional<std::vector<ProviderSync>> decode_catalog_states(std::string_view text);

struct ChecksSnapshot {
  std::vector<ProbeResult> results;
  std::map<std::string, int64_t> slots_used_ms;  // offer key -> Unix ms its slot was last used
};
std::string encode_checks(const ChecksSnapshot& checks);
std::optional<ChecksSnapshot> decode_checks(std::string_view text);

struct InstanceSummary {
  std::vector<HealthStats> health;        // ProviderHealth::own_rows()
  std::vector<LatencyBook::Row> latency;  // LatencyBook::own_rows()
};
std::string encode_summary(const InstanceSummary& summary);
std::optional<InstanceSummary> decode_summary(std::string_view text);

}  // namespace gw
