// cluster_store.h - what the gw serve instances on one Redis share for their
// periodic provider work (proxy/monitor/cluster_sync.h): a leader lease, the
// active checks' spend per UTC day, the leader's published snapshots, and
// each instance's own summary kept with an expiry, so an instance that dies
// drops out by itself. RedisClusterStore (proxy/monitor/redis_cluster_store.h)
// is the real one; unit tests use an in-memory fake. Any call may fail
// (kUnavailable): the caller then works alone until the store answers again.
//
// Thread-safety: implementations are safe to call from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/base/result.h"

namespace gw {

class ClusterStore {
 public:
  virtual ~ClusterStore() = default;

  // Takes the lease for `id` when nobody holds it, or extends it when `id`
  // holds it, for `ttl_ms` from now, atomically; true when `id` holds it
  // after the call, false when another instance does.
  virtual Result<bool> hold_lease(const std::string& id, int64_t ttl_ms) = 0;
  // Gives the lease up, only if `id` holds it.
  virtual Status release_lease(const std::string& id) = 0;

  // Adds `units` to UTC day `day`'s spend unless the total would pass
  // `cap`, atomically; true when added.
  virtual Result<bool> try_spend(int64_t day, int64_t units, int64_t cap) = 0;
  // UTC day `day`'s spend so far.
  virtual Result<int64_t> spent(int64_t day) = 0;

  // A published value by name ("catalog", "checks"), kept until replaced.
  virtual Status put(const std::string& name, const std::string& value) = 0;
  virtual Result<std::optional<std::string>> get(const std::string& name) = 0;

  // Stores `summary` as `id`'s for `ttl_ms`, then returns every live
  // instance's summary by id (`id`'s included), in one step.
  virtual Result<std::map<std::string, std::string>> exchange(const std::string& id, const std::string& summary,
                                                              int64_t ttl_ms) = 0;
};

}  // namespace gw
