// active_checker.h - the active health checks ([health] active_checks, off
// by default). Each due (model x provider) target gets a tiny chat request
// ("ping", max_tokens from [health]) built by the provider's own adapter and
// sent through its HttpClient; the outcome feeds ProviderHealth (marked as a
// probe, so it never counts as usage) and the provider's circuit breaker
// exactly like a client request's (a probe may be a half-open breaker's
// trial; an open breaker skips it). Tiers and due times come from
// core/health/health_schedule.h, the daily spend cap from core/health/probe_budget.h.
//
// Targets are the text-chat models gw can serve, one per available offer.
//
// Scale-out (proxy/monitor/cluster_sync.h): set_cluster() makes rounds run
// only while the instance may work (the leader, or alone), and charges each
// probe on the cluster's counter of the UTC day (ClusterStore::try_spend),
// so the cap holds once for every instance together. A store that fails
// leaves the instance its share of what the cluster had left when last
// read (core/health/alone_share.h) for the rest of the round and until the
// store answers again, when what it spent alone is paid in; an instance
// that never read the counter today falls back to its own budget. The
// others adopt the leader's results and slots (adopt()), so /health shows
// them and a new leader does not probe again what the last one just did.
// Thread-safe: rounds are serialized; status() and results() may be read
// from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/health/alone_share.h"
#include "core/health/health_schedule.h"
#include "core/health/incidents.h"
#include "core/health/probe_budget.h"
#include "proxy/monitor/cluster_store.h"
#include "proxy/monitor/snapshot_codec.h"
#include "proxy/pipeline/services.h"

namespace gw {

struct CheckRound {
  int ran = 0;
  int failed = 0;
  int skipped_over_cap = 0;  // would have passed the daily spend cap
  int skipped_breaker_open = 0;
};

struct ActiveCheckStatus {
  bool enabled = false;
  ProbeSpend spend;                  // today's (UTC)
  int64_t checks_total = 0;          // probes sent since start
  std::map<std::string, int> tiers;  // "critical" | "popular" | "standard" -> targets
  int64_t next_due_ms = 0;           // Unix ms of the next due check; 0 = none
};

class ActiveChecker {
 public:
  // `services` must outlive the checker; the clock's now is the start time.
  ActiveChecker(const Services& services, const HealthSettings& settings);

  // Shares the work with other instances: rounds run only while `may_work()`,
  // probes are charged on `store`'s cluster counter. Call before start.
  void set_cluster(ClusterStore* store, std::function<bool()> may_work);
  // The results and slots, for the others; and the leader's, adopted here.
  ChecksSnapshot snapshot() const;
  void adopt(const ChecksSnapshot& checks);
  // The cluster's counter for UTC day `day` as last read, and the live
  // instances: the spend status() shows and the share this instance may
  // spend while the counter cannot be reached.
  void set_cluster_spend(int64_t day, Money spent, int instances);
  // What this instance spent alone on `day` and has not added to the
  // cluster's counter yet; paid_alone() when it has.
  Money owed_alone(int64_t day) const { return alone_.owed(day); }
  void paid_alone(Money amount, int64_t day) { alone_.paid(amount, day); }

  // Sends every check due now (none when disabled or not this instance's turn), one at a time.
  CheckRound run_due();
  // Milliseconds until the next check falls due (capped at `cap_ms`).
  int64_t ms_until_due(int64_t cap_ms) const;
  // The latest outcome per target that has been checked.
  std::vector<ProbeResult> results() const;
  ActiveCheckStatus status() const;

 private:
  std::vector<ScheduledCheck> schedule() const;
  int64_t last_checked_ms(const ScheduledCheck& c) const;  // when its slot was last used; 0 = never
  bool breaker_open(const std::string& provider) const;    // open and still cooling down
  ProbeResult probe(const CatalogModel& model, const ModelOffer& offer, const ProviderEndpoint& endpoint);
  // Charges a probe: on the cluster's counter while it answers, else on the own budget.
  bool charge(Money cost, int64_t now_ms, bool& cluster_ok);

  const Services& services_;
  const HealthSettings settings_;
  const int64_t start_ms_;
  ProbeBudget budget_;
  ClusterStore* cluster_ = nullptr;  // null: alone
  std::function<bool()> may_work_;   // empty: always
  std::mutex round_mu_;
  mutable std::mutex mu_;
  std::map<std::string, ProbeResult> results_;   // by offer_key(model, provider)
  std::map<std::string, int64_t> slot_used_ms_;  // by offer key: last check sent or skipped
  int64_t checks_total_ = 0;
  AloneShare alone_;  // the cluster's counter as last read; what was spent without it
};

}  // namespace gw
