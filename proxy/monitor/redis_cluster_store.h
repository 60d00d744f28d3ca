// redis_cluster_store.h - ClusterStore (proxy/monitor/cluster_store.h) on
// Redis, one round trip per call, each a Lua script or a plain command so
// every step is atomic:
//   gw:leader            the lease: the holder's id with a PX expiry; taken
//                        only when absent (SET NX) and extended only by its
//                        holder (compare-and-extend), in one script
//   gw:probe_spend:<day> the active checks' spend of a UTC day (day number
//                        since 1970) in Money units; a check-and-add script
//                        adds a probe only while the total stays within the
//                        cap; kept two days
//   gw:snapshot:<name>   the leader's published snapshots ("catalog", "checks")
//   gw:peer:<id>         an instance's summary, PX expiry; gw:peers is the set
//                        of ids, pruned of those whose summary expired
// The scripts compute key names, so they need one Redis, not a Redis Cluster
// (as the response cache). Calls use the RedisClient's timeout.
//
// Thread-safety: any thread (RedisClient is).
#pragma once

#include "proxy/io/redis_client.h"
#include "proxy/monitor/cluster_store.h"

namespace gw {

class RedisClusterStore : public ClusterStore {
 public:
  explicit RedisClusterStore(RedisClient& redis) : redis_(redis) {}

  Result<bool> hold_lease(const std::string& id, int64_t ttl_ms) override;
  Status release_lease(const std::string& id) override;
  Result<bool> try_spend(int64_t day, int64_t units, int64_t cap) override;
  Result<int64_t> spent(int64_t day) override;
  Status put(const std::string& name, const std::string& value) override;
  Result<std::optional<std::string>> get(const std::string& name) override;
  Result<std::map<std::string, std::string>> exchange(const std::string& id, const std::string& summary,
                                                      int64_t ttl_ms) override;

 private:
  RedisClient& redis_;
};

}  // namespace gw
