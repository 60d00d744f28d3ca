#include "proxy/monitor/active_checker.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/base/request_id.h"
#include "core/catalog/catalog_cache.h"
#include "core/dialects/chat_request.h"
#include "core/dialects/dialect.h"
#include "core/health/circuit_breaker.h"
#include "core/health/provider_health.h"

namespace gw {
namespace {

// A probe should answer quickly; a slow one is a finding, not a reason to wait two minutes.
constexpr int kProbeReadTimeoutMs = 30'000;

// Text in, text out: what a chat probe can ask.
bool chats_from_text(const CatalogModel& m) {
  return m.modality.rfind("text", 0) == 0 && m.modality.size() >= 6 &&
         m.modality.compare(m.modality.size() - 6, 6, "->text") == 0;
}

// Outcomes that mean the model cannot be served there: the breaker's list,
// plus 404 (the provider no longer has the model).
bool probe_failed(int status) { return counts_as_provider_failure(status) || status == 404; }

constexpr int64_t kDayMs = 86'400'000;

// Another instance leads: look again this soon (it may die).
constexpr int64_t kNotMyTurnWaitMs = 1000;

}  // namespace

ActiveChecker::ActiveChecker(const Services& services, const HealthSettings& settings)
    : services_(services),
      settings_(settings),
      start_ms_(services.clock->now_unix_ms()),
      budget_(settings.daily_spend_cap),
      alone_(settings.daily_spend_cap) {}

std::vector<ScheduledCheck> ActiveChecker::schedule() const {
  std::map<std::string, int64_t> usage;  // by offer key
  if (services_.health)
    for (const HealthStats& h : services_.health->models()) usage[offer_key(h.model, h.provider)] = h.usage();
  std::shared_ptr<const CatalogSnapshot> synced =
      services_.catalog_cache ? services_.catalog_cache->snapshot() : nullptr;
  auto available = [this](std::string_view slug) { return services_.providers->available(slug); };
  std::vector<CheckTarget> targets;
  for (const CatalogModel& m : services_.catalog->models()) {
    if (!chats_from_text(m)) continue;
    for (const ModelOffer& o : m.offers) {
      if (!offer_available(m, o, available, synced.get())) continue;
      auto it = usage.find(offer_key(m.id, o.provider));
      targets.push_back({m.id, o.provider, it == usage.end() ? 0 : it->second});
    }
  }
  return assign_tiers(std::move(targets));
}

int64_t ActiveChecker::last_checked_ms(const ScheduledCheck& c) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slot_used_ms_.find(offer_key(c.target.model, c.target.provider));
  return it == slot_used_ms_.end() ? 0 : it->second;
}

bool ActiveChecker::breaker_open(const std::string& provider) const {
  if (!services_.breakers) return false;
  BreakerSnapshot b = services_.breakers->at(provider).snapshot();
  return b.state == BreakerState::kOpen && b.ms_until_half_open > 0;
}

void ActiveChecker::set_cluster(ClusterStore* store, std::function<bool()> may_work) {
  cluster_ = store;
  may_work_ = std::move(may_work);
}

ChecksSnapshot ActiveChecker::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  ChecksSnapshot out;
  for (const auto& [key, r] : results_) out.results.push_back(r);
  out.slots_used_ms = slot_used_ms_;
  return out;
}

void ActiveChecker::adopt(const ChecksSnapshot& checks) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const ProbeResult& r : checks.results) {
    ProbeResult& mine = results_[offer_key(r.model, r.provider)];
    if (r.checked_ms >= mine.checked_ms) mine = r;
  }
  for (const auto& [key, ms] : checks.slots_used_ms) slot_used_ms_[key] = std::max(slot_used_ms_[key], ms);
}

void ActiveChecker::set_cluster_spend(int64_t day, Money spent, int instances) {
  alone_.saw_cluster(day, spent, instances);
}

bool ActiveChecker::charge(Money cost, int64_t now_ms, bool& cluster_ok) {
  const int64_t day = now_ms / kDayMs;
  if (cluster_) {
    if (cluster_ok) {
      auto added = cluster_->try_spend(day, cost.units(), settings_.daily_spend_cap.units());
      if (added) {
        budget_.record(cost, *added, now_ms);  // this instance's figures; the cluster's counter decided
        return *added;
      }
      cluster_ok = false;  // the store failed: alone for the rest of the round
    }
    if (auto fits = alone_.try_spend(cost, day)) {  // this instance's share of what was left
      budget_.record(cost, *fits, now_ms);
      return *fits;
    }
  }
  return budget_.try_spend(cost, now_ms);
}

CheckRound ActiveChecker::run_due() {
  CheckRound round;
  if (!settings_.active_checks || (may_work_ && !may_work_())) return round;
  std::lock_guard<std::mutex> serialize(round_mu_);
  bool cluster_ok = true;
  for (const ScheduledCheck& c : schedule()) {
    int64_t now = services_.clock->now_unix_ms();
    if (next_check_ms(c, last_checked_ms(c), start_ms_) > now) continue;
    {
      // A skipped check waits for its next slot like a sent one.
      std::lock_guard<std::mutex> lock(mu_);
      slot_used_ms_[offer_key(c.target.model, c.target.provider)] = now;
    }
    const CatalogModel* m = services_.catalog->find(c.target.model);
    const ProviderEndpoint* ep = services_.providers->find(c.target.provider);
    const ModelOffer* offer = nullptr;
    for (const ModelOffer& o : m->offers)
      if (o.provider == c.target.provider) offer = &o;
    if (breaker_open(c.target.provider)) {
      ++round.skipped_breaker_open;
      continue;
    }
    // Charged before it is sent, at its worst case: the cap is never passed.
    auto cost = probe_cost(*m, settings_.max_tokens);
    if (!cost || !charge(*cost, now, cluster_ok)) {
      ++round.skipped_over_cap;
      continue;
    }
    if (services_.breakers && !services_.breakers->at(c.target.provider).allow()) {  // a trial is in flight
      ++round.skipped_breaker_open;
      continue;
    }
    ProbeResult r = probe(*m, *offer, *ep);
    ++round.ran;
    if (!r.ok) ++round.failed;
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = results_[offer_key(r.model, r.provider)];
    r.consecutive_failures = r.ok ? 0 : slot.consecutive_failures + 1;
    slot = std::move(r);
    ++checks_total_;
  }
  return round;
}

ProbeResult ActiveChecker::probe(const CatalogModel& m, const ModelOffer& offer, const ProviderEndpoint& ep) {
  ProbeResult r;
  r.provider = offer.provider;
  r.model = m.id;
  nlohmann::json body = {
      {"model", m.id}, {"max_tokens", settings_.max_tokens}, {"messages", {{{"role", "user"}, {"content", "ping"}}}}};
  int status = 0;
  int64_t t0 = services_.clock->steady_ns();
  auto chat = parse_chat_request(body.dump());
  auto request =
      chat ? adapter_for(ep.info->wire).build_request(*chat, offer.native_id, ep) : Result<HttpRequest>(chat.error());
  if (!request) {
    r.error = request.error().message;
  } else {
    request->headers.add("x-request-id", new_request_id());
    request->connect_timeout_ms = services_.config->upstream.connect_timeout_ms;
    request->read_timeout_ms = std::min(services_.config->upstream.read_timeout_ms, kProbeReadTimeoutMs);
    auto opened = services_.client_for(ep).open(*request);
    if (!opened && opened.error().kind == ErrorKind::kCassetteMiss) {
      // Strict replay without a recording of the probe: no provider was
      // asked, so nothing is told to the health figures or the breaker.
      r.error = "no recording of the probe (gw serve --replay)";
      r.checked_ms = services_.clock->now_unix_ms();
      return r;
    }
    if (!opened) {
      r.error = opened.error().message;
    } else {
      auto drained = read_all(**opened);  // the whole answer: latency includes it
      status = drained ? (*opened)->status() : 0;
      if (!drained) r.error = drained.error().message;
      else if (probe_failed(status)) r.error = "HTTP " + std::to_string(status);
    }
  }
  r.latency_ms = (services_.clock->steady_ns() - t0) / 1'000'000;
  r.checked_ms = services_.clock->now_unix_ms();
  r.ok = request && !probe_failed(status);
  if (!request) return r;  // never sent: nothing to tell the health figures
  bool provider_failure = counts_as_provider_failure(status);
  if (services_.health)
    services_.health->record(r.provider, r.model, !provider_failure, r.latency_ms, r.checked_ms, /*probe=*/true);
  if (services_.breakers) {
    CircuitBreaker& b = services_.breakers->at(r.provider);
    if (provider_failure) b.record_failure();
    else b.record_success();
  }
  return r;
}

int64_t ActiveChecker::ms_until_due(int64_t cap_ms) const {
  if (!settings_.active_checks) return cap_ms;
  if (may_work_ && !may_work_()) return std::min<int64_t>(cap_ms, kNotMyTurnWaitMs);
  int64_t now = services_.clock->now_unix_ms();
  int64_t wait = cap_ms;
  for (const ScheduledCheck& c : schedule())
    wait = std::min(wait, std::max<int64_t>(0, next_check_ms(c, last_checked_ms(c), start_ms_) - now));
  return wait;
}

std::vector<ProbeResult> ActiveChecker::results() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProbeResult> out;
  for (const auto& [key, r] : results_) out.push_back(r);
  return out;
}

ActiveCheckStatus ActiveChecker::status() const {
  ActiveCheckStatus st;
  st.enabled = settings_.active_checks;
  int64_t now = services_.clock->now_unix_ms();
  st.spend = budget_.today(now);
  {
    std::lock_guard<std::mutex> lock(mu_);
    st.checks_total = checks_total_;
  }
  // With other instances the day's spend is the cluster's.
  if (auto cluster = alone_.known_spent(now / kDayMs); cluster && *cluster > st.spend.spent) st.spend.spent = *cluster;
  if (!st.enabled) return st;
  for (const ScheduledCheck& c : schedule()) {
    ++st.tiers[std::string(check_tier_name(c.tier))];
    int64_t due = next_check_ms(c, last_checked_ms(c), start_ms_);
    if (st.next_due_ms == 0 || due < st.next_due_ms) st.next_due_ms = due;
  }
  return st;
}

}  // namespace gw
