// fake_cluster_store.h - an in-memory ClusterStore (proxy/monitor/cluster_store.h)
// with Redis's semantics for what gw uses: a lease and summaries that
// expire on the FakeClock, a day counter with a cap, published values. One
// store shared by several ClusterSync objects is several instances on one
// Redis; `down` makes every call fail (Redis unreachable), counted in `calls`.
// Thread-safe (one mutex).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "core/base/clock.h"
#include "proxy/monitor/cluster_store.h"

namespace gw {

class FakeClusterStore : public ClusterStore {
 public:
  explicit FakeClusterStore(const Clock& clock) : clock_(clock) {}

  bool down = false;
  int calls = 0;

  Result<bool> hold_lease(const std::string& id, int64_t ttl_ms) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = fail()) return *e;
    const int64_t now = clock_.now_unix_ms();
    if (lease_until_ > now && lease_ != id) return false;
    lease_ = id;
    lease_until_ = now + ttl_ms;
    return true;
  }
  Status release_lease(const std::string& id) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = fail()) return *e;
    if (lease_ == id) lease_until_ = 0;
    return Ok{};
  }
  Result<bool> try_spend(int64_t day, int64_t units, int64_t cap) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = fail()) return *e;
    if (spend_[day] + units > cap) return false;
    spend_[day] += units;
    return true;
  }
  Result<int64_t> spent(int64_t day) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = fail()) return *e;
    return spend_[day];
  }
  Status put(const std::string& name, const std::string& value) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = fail()) return *e;
    values_[name] = value;
    return Ok{};
  }
  Result<std::optional<std::string>> get(const std::string& name) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = fail()) return *e;
    auto it = values_.find(name);
    return it == values_.end() ? std::optional<std::string>() : std::optional<std::string>(it->second);
  }
  Result<std::map<std::string, std::string>> exchange(const std::string& id, const std::string& summary,
                                                      int64_t ttl_ms) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = fail()) return *e;
    const int64_t now = clock_.now_unix_ms();
    peers_[id] = {summary, now + ttl_ms};
    std::map<std::string, std::string> out;
    for (const auto& [peer, entry] : peers_)
      if (entry.second > now) out[peer] = entry.first;
    return out;
  }

  // Who holds the lease now ("" = nobody).
  std::string leader() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lease_until_ > clock_.now_unix_ms() ? lease_ : "";
  }
  int64_t spent_units(int64_t day) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = spend_.find(day);
    return it == spend_.end() ? 0 : it->second;
  }

 private:
  std::optional<Error> fail() {
    ++calls;
    if (!down) return std::nullopt;
    return make_error(ErrorKind::kUnavailable, "redis: connection refused");
  }

  const Clock& clock_;
  mutable std::mutex mu_;
  std::string lease_;
  int64_t lease_until_ = 0;
  std::map<int64_t, int64_t> spend_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::pair<std::string, int64_t>> peers_;  // id -> (summary, expires)
};

}  // namespace gw
