// fake_trial_counts.h - TrialCounts in memory, as Redis keeps them for
// several instances (proxy/io/redis_trial_counts.h, the same rules), with a
// switch that makes every call fail like an unreachable Redis. Tests only.
//
// Thread-safety: all members may be called from any thread (one mutex).
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <string>

#include "core/ledger/trial_counts.h"

namespace gw {

class FakeTrialCounts : public TrialCounts {
 public:
  Result<TrialClaim> claim(std::string_view user_id, TrialUse known, TrialUse caps, int64_t) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (down) return make_error(ErrorKind::kUnavailable, "redis: test outage");
    TrialUse& u = counts_[std::string(user_id)];
    u.requests = std::max(u.requests, known.requests);
    u.tokens = std::max(u.tokens, known.tokens);
    TrialClaim c;
    c.claimed = u.requests < caps.requests && u.tokens < caps.tokens;
    if (c.claimed) ++u.requests;
    c.used = u;
    return c;
  }
  void charged(std::string_view user_id, int64_t tokens, int64_t) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!down) counts_[std::string(user_id)].tokens += tokens;
  }
  void returned(std::string_view user_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    TrialUse& u = counts_[std::string(user_id)];
    if (!down && u.requests > 0) --u.requests;
  }

  TrialUse of(const std::string& user_id) {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_[user_id];
  }
  void set(const std::string& user_id, TrialUse u) {
    std::lock_guard<std::mutex> lock(mu_);
    counts_[user_id] = u;
  }

  bool down = false;  // set before requests run, not during

 private:
  std::mutex mu_;
  std::map<std::string, TrialUse> counts_;  // guarded by mu_
};

}  // namespace gw
