// alone_share.cc - contracts in alone_share.h.
#include "core/health/alone_share.h"

#include <algorithm>

namespace gw {

void AloneShare::saw_cluster(int64_t day, Money spent, int instances) {
  std::lock_guard<std::mutex> lock(mu_);
  if (day != day_) owed_ = Money{};
  day_ = day;
  seen_spent_ = spent;
  instances_ = std::max(instances, 1);
  alone_spent_ = Money{};
}

std::optional<bool> AloneShare::try_spend(Money cost, int64_t day) {
  std::lock_guard<std::mutex> lock(mu_);
  if (day != day_ || instances_ <= 0) return std::nullopt;
  const int64_t left = std::max<int64_t>(cap_.units() - seen_spent_.units(), 0);
  const Money share = Money::from_units(left / instances_);
  auto after = alone_spent_.plus(cost);
  if (!after || *after > share) return false;
  alone_spent_ = *after;
  owed_ = owed_.plus(cost).value_or(owed_);
  return true;
}

Money AloneShare::owed(int64_t day) const {
  std::lock_guard<std::mutex> lock(mu_);
  return day == day_ ? owed_ : Money{};
}

void AloneShare::paid(Money amount, int64_t day) {
  std::lock_guard<std::mutex> lock(mu_);
  if (day != day_) return;
  owed_ = owed_.minus(amount).value_or(Money{});
  if (owed_ < Money{}) owed_ = Money{};
}

std::optional<Money> AloneShare::known_spent(int64_t day) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (day != day_) return std::nullopt;
  return seen_spent_.plus(owed_).value_or(seen_spent_);
}

}  // namespace gw
