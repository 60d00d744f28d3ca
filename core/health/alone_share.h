// alone_share.h - what one instance of a cluster may spend on active health
// checks while the cluster's shared counter (scale-out: Redis, see
// proxy/monitor/cluster_sync.h) cannot be reached, so that the day's cap
// still holds for the cluster: each instance may spend its share of what
// the cluster had left when the counter was last read, that is
// (cap - spent) / instances, where both figures are the last ones read.
// N instances each spending their share spend at most what was left.
// What it spends alone is owed to the shared counter and paid in when the
// counter answers again (owed()/paid()), so later charges see it.
// An instance that has never read the counter today has no share: the
// caller then falls back to its own budget (as without the cluster).
// Pure logic; thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "core/base/money.h"

namespace gw {

class AloneShare {
 public:
  explicit AloneShare(Money cap) : cap_(cap) {}

  // The shared counter as read now: the day's spend and the live instances.
  void saw_cluster(int64_t day, Money spent, int instances);
  // Charges `cost` against this instance's share for `day`: true when it
  // fits (and is then owed), false when it would pass the share; nullopt
  // when there is no share (the counter not read today).
  std::optional<bool> try_spend(Money cost, int64_t day);
  // What this instance spent alone on `day` and has not paid in yet.
  Money owed(int64_t day) const;
  // `amount` of what was owed has reached the shared counter.
  void paid(Money amount, int64_t day);
  // The day's spend as last known: the counter's plus what is owed.
  std::optional<Money> known_spent(int64_t day) const;

 private:
  const Money cap_;
  mutable std::mutex mu_;
  int64_t day_ = -1;  // the day of the figures below
  Money seen_spent_;  // the counter when last read
  int instances_ = 0;
  Money alone_spent_;  // spent alone since the counter was last read
  Money owed_;         // spent alone, not yet added to the counter
};

}  // namespace gw
