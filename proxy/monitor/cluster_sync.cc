// cluster_sync.cc - contracts in cluster_sync.h.
#include "proxy/monitor/cluster_sync.h"

#include <limits>
#include <vector>

#include "core/catalog/catalog_cache.h"
#include "core/health/latency_book.h"
#include "core/health/provider_health.h"
#include "proxy/io/random.h"
#include "proxy/monitor/active_checker.h"
#include "proxy/monitor/snapshot_codec.h"

namespace gw {
namespace {

constexpr int64_t kRepublishMs = 10'000;  // a leader's unchanged snapshot is written again this often
constexpr int64_t kDayMs = 86'400'000;

}  // namespace

std::string_view cluster_role_name(ClusterRole r) {
  switch (r) {
    case ClusterRole::kLeader:
      return "leader";
    case ClusterRole::kFollower:
      return "follower";
    case ClusterRole::kAlone:
      return "alone";
    case ClusterRole::kStarting:
      break;
  }
  return "starting";
}

ClusterSync::ClusterSync(ClusterStore& store, Clock& clock, Parts parts, std::string instance)
    : store_(store),
      clock_(clock),
      parts_(parts),
      instance_(instance.empty() ? random_id("gw_", 6) : std::move(instance)),
      worker_([this] { return tick(); }) {}

ClusterSync::~ClusterSync() { stop(); }

void ClusterSync::stop() {
  worker_.stop();
  if (role_.load() == ClusterRole::kLeader) (void)store_.release_lease(instance_);
  role_ = ClusterRole::kStarting;
}

bool ClusterSync::may_work() const {
  ClusterRole r = role_.load();
  return r == ClusterRole::kLeader || r == ClusterRole::kAlone;
}

void ClusterSync::alone() {
  role_ = ClusterRole::kAlone;
  peers_ = 1;
  if (parts_.health) parts_.health->set_others({});
  if (parts_.latencies) parts_.latencies->set_others({});
}

int64_t ClusterSync::tick() {
  auto held = store_.hold_lease(instance_, kLeaseMs);
  if (!held) {
    alone();
    return kTickMs;
  }
  const ClusterRole was = role_.exchange(*held ? ClusterRole::kLeader : ClusterRole::kFollower);
  if (*held && was != ClusterRole::kLeader) {  // publish everything at once
    published_catalog_.clear();
    published_checks_.clear();
    published_at_ms_ = 0;
  }
  bool ok = exchange() && (*held ? publish() : adopt()) && read_spend();
  if (!ok) alone();
  return kTickMs;
}

bool ClusterSync::exchange() {
  InstanceSummary own;
  if (parts_.health) own.health = parts_.health->own_rows();
  if (parts_.latencies) own.latency = parts_.latencies->own_rows();
  auto all = store_.exchange(instance_, encode_summary(own), kSummaryTtlMs);
  if (!all) return false;
  std::vector<HealthStats> health;
  std::vector<LatencyBook::Row> latency;
  for (const auto& [id, text] : *all) {
    if (id == instance_) continue;
    auto summary = decode_summary(text);
    if (!summary) continue;
    health.insert(health.end(), summary->health.begin(), summary->health.end());
    latency.insert(latency.end(), summary->latency.begin(), summary->latency.end());
  }
  peers_ = static_cast<int>(all->count(instance_) ? all->size() : all->size() + 1);
  if (parts_.health) parts_.health->set_others(health);
  if (parts_.latencies) parts_.latencies->set_others(latency);
  return true;
}

bool ClusterSync::publish() {
  const int64_t now = clock_.now_unix_ms();
  const bool stale = now - published_at_ms_ >= kRepublishMs;
  if (parts_.catalog && parts_.publish_catalog) {
    std::string text = encode_catalog_states(parts_.catalog->provider_states());
    if (stale || text != published_catalog_) {
      if (!store_.put("catalog", text)) return false;
      published_catalog_ = std::move(text);
    }
  }
  if (parts_.checks && parts_.publish_checks) {
    std::string text = encode_checks(parts_.checks->snapshot());
    if (stale || text != published_checks_) {
      if (!store_.put("checks", text)) return false;
      published_checks_ = std::move(text);
    }
  }
  if (stale) published_at_ms_ = now;
  return true;
}

bool ClusterSync::adopt() {
  if (parts_.catalog && parts_.publish_catalog) {
    auto text = store_.get("catalog");
    if (!text) return false;
    if (*text && **text != adopted_catalog_) {
      if (auto states = decode_catalog_states(**text)) parts_.catalog->adopt(*states);
      adopted_catalog_ = std::move(**text);
    }
  }
  if (parts_.checks && parts_.publish_checks) {
    auto text = store_.get("checks");
    if (!text) return false;
    if (*text && **text != adopted_checks_) {
      if (auto checks = decode_checks(**text)) parts_.checks->adopt(*checks);
      adopted_checks_ = std::move(**text);
    }
  }
  return true;
}

bool ClusterSync::read_spend() {
  if (!parts_.checks || !parts_.publish_checks) return true;
  const int64_t day = clock_.now_unix_ms() / kDayMs;
  // What this instance spent while the store was away reaches the counter first.
  if (Money owed = parts_.checks->owed_alone(day); owed > Money{}) {
    if (!store_.try_spend(day, owed.units(), std::numeric_limits<int64_t>::max())) return false;
    parts_.checks->paid_alone(owed, day);
  }
  auto spent = store_.spent(day);
  if (!spent) return false;
  parts_.checks->set_cluster_spend(day, Money::from_units(*spent), peers_.load());
  return true;
}

}  // namespace gw
