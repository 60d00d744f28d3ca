// lease_book.cc - contracts in lease_book.h.
#include "core/ledger/lease_book.h"

#include <algorithm>

namespace gw {

LeaseBook::LeaseBook(LeaseSettings settings, std::function<std::string()> new_lease_id)
    : settings_(settings), new_lease_id_(std::move(new_lease_id)) {}

int64_t LeaseBook::serve_window_ms() const { return std::min(settings_.ttl_ms / 2, kServeWindowMs); }

bool LeaseBook::usable(const Lease& l, int64_t now_ms) const {
  return l.granted && now_ms < l.renewed_ms + serve_window_ms();
}

std::string LeaseBook::take(const std::string& user_id, Money amount, int64_t now_ms) {
  if (!enabled() || amount <= Money{}) return "";
  Lease& l = leases_[user_id];
  l.last_take_ms = now_ms;
  if (now_ms - l.recent_since_ms >= settings_.idle_ms) {
    l.recent_since_ms = now_ms;
    l.recent_takes = 0;
  }
  ++l.recent_takes;
  std::string from;
  if (usable(l, now_ms) && l.unused >= amount) {
    l.unused = Money::from_units(l.unused.units() - amount.units());
    ++l.holding;
    from = l.id;
  }
  maybe_grow(user_id, l, amount, now_ms);
  return from;
}

void LeaseBook::maybe_grow(const std::string& user_id, Lease& l, Money amount, int64_t now_ms) {
  if (l.growing || now_ms < l.refused_until_ms) return;
  if (l.granted && !usable(l, now_ms)) return;  // its renewal is overdue: it is given back, not grown
  if (l.id.empty() && l.recent_takes < kOpenAfterTakes) return;
  // Grown when less than half of the current chunk is left ...
  auto current = amount.times(settings_.requests * l.multiplier);
  if (!current || l.unused.units() >= current->units() / 2) return;
  // ... by a chunk sized to how fast the last one went.
  const int64_t since = now_ms - l.last_growth_ms;
  int64_t multiplier = l.multiplier;
  if (since < kFastGrowthMs) multiplier = std::min(multiplier * 2, kMaxMultiplier);
  else if (since > kSlowGrowthMs) multiplier = std::max<int64_t>(multiplier / 2, 1);
  auto chunk = amount.times(settings_.requests * multiplier);
  if (!chunk || !chunk->times(2)) return;  // beyond Money's range: no lease, exact holds
  l.multiplier = multiplier;
  l.last_growth_ms = now_ms;
  l.growing = true;
  if (l.id.empty()) l.id = new_lease_id_();
  growths_.push_back({user_id, l.id, *chunk});
}

void LeaseBook::finished(const std::string& user_id, const std::string& lease_id) {
  auto it = leases_.find(user_id);
  if (it == leases_.end() || it->second.id != lease_id || it->second.holding == 0) return;
  --it->second.holding;
}

void LeaseBook::put_back(const std::string& user_id, const std::string& lease_id, Money amount) {
  auto it = leases_.find(user_id);
  if (it == leases_.end() || it->second.id != lease_id || it->second.holding == 0) return;
  --it->second.holding;
  it->second.unused = Money::from_units(it->second.unused.units() + amount.units());
}

std::vector<LeaseGrowth> LeaseBook::take_growths() {
  std::vector<LeaseGrowth> out;
  out.swap(growths_);
  return out;
}

void LeaseBook::grown(const LeaseGrowth& growth, GrowthAnswer answer, int64_t asked_ms, int64_t now_ms) {
  auto it = leases_.find(growth.user_id);
  if (it == leases_.end() || it->second.id != growth.lease_id) return;  // dropped meanwhile (renewed())
  Lease& l = it->second;
  l.growing = false;
  if (answer == GrowthAnswer::kGranted) {
    l.granted = true;
    l.unused = Money::from_units(l.unused.units() + growth.amount.units());
    l.renewed_ms = std::max(l.renewed_ms, asked_ms);
    return;
  }
  if (answer == GrowthAnswer::kRefused && l.multiplier > 1) {
    l.multiplier = 1;  // the next take asks for one chunk (neither fast nor slow)
    l.last_growth_ms = now_ms - kFastGrowthMs;
  } else {
    l.refused_until_ms = now_ms + settings_.backoff_ms;
  }
  // A first growth that did not come back granted leaves no lease here (one
  // that failed but was stored anyway expires in the database).
  if (!l.granted) l.id.clear();
}

std::vector<LeaseReturn> LeaseBook::due_returns(int64_t now_ms) {
  std::vector<LeaseReturn> out;
  for (auto it = leases_.begin(); it != leases_.end();) {
    const Lease& l = it->second;
    const bool idle = now_ms - l.last_take_ms >= settings_.idle_ms;
    bool drop = false;
    if (l.growing) {
      drop = false;
    } else if (!l.granted) {
      drop = idle && now_ms >= l.refused_until_ms;  // nothing leased: forget the user
    } else if (!usable(l, now_ms) || (idle && l.holding == 0)) {
      out.push_back({it->first, l.id, l.unused});
      drop = true;
    }
    it = drop ? leases_.erase(it) : std::next(it);
  }
  return out;
}

std::vector<LeaseRenewal> LeaseBook::due_renewals(int64_t now_ms) const {
  std::vector<LeaseRenewal> out;
  for (const auto& [user, l] : leases_) {
    if (!usable(l, now_ms) || l.growing || now_ms - l.renewed_ms < serve_window_ms() / 2) continue;
    if (l.holding == 0 && now_ms - l.last_take_ms >= kRenewWhileIdleMs) continue;
    out.push_back({user, l.id});
  }
  return out;
}

void LeaseBook::renewed(const LeaseRenewal& renewal, bool found, int64_t asked_ms) {
  auto it = leases_.find(renewal.user_id);
  if (it == leases_.end() || it->second.id != renewal.lease_id) return;
  Lease& l = it->second;
  if (found) {
    l.renewed_ms = std::max(l.renewed_ms, asked_ms);
    return;
  }
  // Released by a sweep: what it held is no longer reserved.
  l.id.clear();
  l.granted = false;
  l.growing = false;
  l.unused = Money{};
  l.holding = 0;
}

std::vector<LeaseReturn> LeaseBook::return_all() {
  std::vector<LeaseReturn> out;
  for (const auto& [user, l] : leases_)
    if (l.granted) out.push_back({user, l.id, l.unused});
  leases_.clear();
  growths_.clear();
  return out;
}

int64_t LeaseBook::tick_ms() const {
  return std::max<int64_t>(10, std::min({int64_t{250}, settings_.idle_ms / 4, serve_window_ms() / 4}));
}

Money LeaseBook::unused(const std::string& user_id) const {
  auto it = leases_.find(user_id);
  return it == leases_.end() ? Money{} : it->second.unused;
}

size_t LeaseBook::open() const {
  return static_cast<size_t>(
      std::count_if(leases_.begin(), leases_.end(), [](const auto& e) { return e.second.granted; }));
}

}  // namespace gw
