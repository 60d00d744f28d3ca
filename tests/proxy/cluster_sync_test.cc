// The catalog/health snapshot shared by several instances
// (proxy/monitor/cluster_sync.h): two gateways (GatewayHarness, in-process
// mock provider) on one in-memory ClusterStore stand for two `gw serve`
// instances on one Redis. Their FakeClocks move together; no sleeps.
#include "proxy/monitor/cluster_sync.h"

#include <doctest/doctest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/catalog/catalog_cache.h"
#include "core/health/latency_book.h"
#include "core/health/provider_health.h"
#include "proxy/monitor/catalog_syncer.h"
#include "proxy/monitor/health_monitor.h"
#include "tests/support/fake_cluster_store.h"
#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {
namespace {

// One instance: a gateway and its ClusterSync on the shared store.
struct Instance {
  GatewayHarness h;
  std::unique_ptr<ClusterSync> sync;

  Instance(const Config& config, ClusterStore& store, std::string id) : h(config, {.env = {}}) {
    const Services& s = h.services();
    ClusterSync::Parts parts{.health = s.health,
                             .latencies = s.latencies,
                             .catalog = s.catalog_cache,
                             .publish_catalog = config.catalog.sync,
                             .checks = &s.monitor->checks(),
                             .publish_checks = config.health.active_checks};
    sync = std::make_unique<ClusterSync>(store, h.clock, parts, std::move(id));
    s.catalog_sync->set_gate([this] { return sync->may_work(); });
    s.monitor->set_cluster(sync.get(), &store);
  }
  HealthMonitor& monitor() { return *h.services().monitor; }
  int64_t checks_run() { return monitor().checks().status().checks_total; }
};

struct Cluster {
  Config config;
  FakeClock clock;  // the store's; advanced with every instance's
  FakeClusterStore store{clock};
  Instance a;
  Instance b;

  explicit Cluster(Config c) : config(c), a(c, store, "gw_a"), b(c, store, "gw_b") {
    a.sync->tick();  // a leads
    b.sync->tick();
  }
  void advance_ms(int64_t ms) {
    clock.advance_ms(ms);
    a.h.clock.advance_ms(ms);
    b.h.clock.advance_ms(ms);
  }
  void tick_both() {
    a.sync->tick();
    b.sync->tick();
    a.sync->tick();  // a reads what b published
  }
};

Config checks_on() {
  return config_with([](Config& c) { c.health.active_checks = true; });
}

int64_t utc_day(const FakeClock& clock) { return clock.now_unix_ms() / 86'400'000; }

}  // namespace

TEST_CASE("cluster: one leader; only it runs the active checks, the other adopts the results") {
  Cluster c(checks_on());
  CHECK(c.a.sync->role() == ClusterRole::kLeader);
  CHECK(c.b.sync->role() == ClusterRole::kFollower);
  CHECK(c.store.leader() == "gw_a");
  // Client traffic through b makes mock/echo critical for the leader too.
  REQUIRE(c.b.h.ask("mock/echo").status == 200);
  c.tick_both();
  CHECK(c.a.monitor().checks().run_due().ran == 1);
  CHECK(c.b.monitor().checks().run_due().ran == 0);
  c.b.monitor().tick();
  CHECK(c.a.checks_run() == 1);
  CHECK(c.b.checks_run() == 0);
  c.a.sync->tick();  // publishes the result
  c.b.sync->tick();  // adopts it
  auto results = c.b.monitor().checks().results();
  REQUIRE(results.size() == 1);
  CHECK(results[0].model == "mock/echo");
  CHECK(results[0].ok);
}

TEST_CASE("cluster: a dead leader is replaced once its lease runs out; the new one does not probe again") {
  Cluster c(checks_on());
  REQUIRE(c.a.h.ask("mock/echo").status == 200);
  c.tick_both();
  REQUIRE(c.a.monitor().checks().run_due().ran == 1);
  c.a.sync->tick();
  c.b.sync->tick();
  // a dies (no more ticks). Within the lease b still follows, then leads.
  c.advance_ms(ClusterSync::kLeaseMs - 1);
  c.b.sync->tick();
  CHECK(c.b.sync->role() == ClusterRole::kFollower);
  CHECK_FALSE(c.b.sync->may_work());
  c.advance_ms(1);
  c.b.sync->tick();
  CHECK(c.b.sync->role() == ClusterRole::kLeader);
  CHECK(c.b.sync->may_work());
  CHECK(c.b.monitor().checks().run_due().ran == 0);  // a's slot was adopted: due again in 300 s
  // a comes back: its renewal fails, so it steps down.
  c.a.sync->tick();
  CHECK(c.a.sync->role() == ClusterRole::kFollower);
  CHECK_FALSE(c.a.sync->may_work());
}

TEST_CASE("cluster: a stopped leader gives its lease up at once") {
  Cluster c(checks_on());
  c.a.sync->stop();
  CHECK(c.store.leader() == "");
  c.b.sync->tick();
  CHECK(c.b.sync->role() == ClusterRole::kLeader);
}

TEST_CASE("cluster: the checks' daily cap is the cluster's: probes other instances paid for count") {
  Config config = config_with([](Config& c) {
    c.health.active_checks = true;
    c.health.daily_spend_cap = Money::parse("0.01").value();
  });
  Cluster c(config);
  const int64_t cap = config.health.daily_spend_cap.units();
  // The rest of the cluster spent all but one unit today.
  REQUIRE(c.store.try_spend(utc_day(c.clock), cap - 1, cap).value());
  REQUIRE(c.a.h.ask("mock/echo-priced").status == 200);
  c.tick_both();
  CheckRound round = c.a.monitor().checks().run_due();
  CHECK(round.ran == 0);
  CHECK(round.skipped_over_cap == 1);
  CHECK(c.store.spent_units(utc_day(c.clock)) == cap - 1);
  c.b.sync->tick();
  json checks = c.b.h.get_json("/health")["subsystems"]["active_checks"];
  CHECK(checks["spend_today"] == Money::from_units(cap - 1).to_string());
  CHECK(checks["daily_spend_cap"] == "0.01");
}

TEST_CASE("cluster: a free probe fits any cap, and each probe is charged once on the cluster's counter") {
  Config config = config_with([](Config& c) { c.health.active_checks = true; });
  Cluster c(config);
  REQUIRE(c.a.h.ask("mock/echo-priced").status == 200);
  c.tick_both();
  REQUIRE(c.a.monitor().checks().run_due().ran == 1);
  const int64_t one = probe_cost(*Catalog::builtin().find("mock/echo-priced"), config.health.max_tokens)->units();
  CHECK(one > 0);
  CHECK(c.store.spent_units(utc_day(c.clock)) == one);
  CHECK(c.a.monitor().checks().status().spend.spent.units() == one);
}

TEST_CASE("cluster: each instance sees the others' passive health and latencies; a dead one drops out") {
  Cluster c(Config{});
  c.a.h.mock_fails_next(2);
  c.a.h.ask("mock/echo");
  c.a.h.ask("mock/echo");
  REQUIRE(c.a.h.ask("mock/echo").status == 200);
  c.tick_both();
  auto traffic = c.b.h.get_json("/health")["subsystems"]["providers"]["traffic"];
  CHECK(traffic["mock"]["requests"] == 3);
  CHECK(traffic["mock"]["failures"] == 2);
  auto latency = c.b.h.get_json("/admin/latency")["data"];
  REQUIRE(latency.size() == 1);
  CHECK(latency[0]["model"] == "mock/echo");
  CHECK(latency[0]["total_samples"] == 1);
  // b's own traffic adds to a's.
  REQUIRE(c.b.h.ask("mock/echo").status == 200);
  CHECK(c.b.h.services().latencies->figures("mock", "mock/echo").total_samples == 2);
  CHECK(c.b.h.services().health->success_bp("mock", 1) == 5000);
  // a dies: its figures drop out after the summary's expiry.
  c.advance_ms(ClusterSync::kSummaryTtlMs + 1);
  c.b.sync->tick();
  CHECK(c.b.h.services().latencies->figures("mock", "mock/echo").total_samples == 1);
  CHECK(c.b.h.services().health->success_bp("mock", 1) == 10000);
}

TEST_CASE("cluster: model.degraded is emitted once, by the leader, whichever instance saw the failures") {
  Cluster c(Config{});
  // mock/echo fails every time through b (the provider as a whole stays over 90%): a high incident.
  ProviderHealth& health = *c.b.h.services().health;
  for (int i = 0; i < 200; ++i) health.record("mock", "mock/echo-priced", true, 5, c.clock.now_unix_ms());
  for (int i = 0; i < 20; ++i) health.record("mock", "mock/echo", false, 5, c.clock.now_unix_ms());
  c.tick_both();
  REQUIRE_FALSE(c.a.monitor().incidents().empty());
  REQUIRE_FALSE(c.b.monitor().incidents().empty());
  c.a.monitor().tick();
  c.b.monitor().tick();
  CHECK(c.a.h.events.events().size() == 1);
  CHECK(c.b.h.events.events().empty());
  // The leader dies; the new one knows the incident is open: no second event.
  c.advance_ms(ClusterSync::kLeaseMs);
  c.b.sync->tick();
  REQUIRE(c.b.sync->role() == ClusterRole::kLeader);
  c.b.monitor().tick();
  CHECK(c.b.h.events.events().empty());
}

TEST_CASE("cluster: Redis down: each instance works alone, one call per tick, and rejoins when it is back") {
  Cluster c(checks_on());
  REQUIRE(c.a.h.ask("mock/echo").status == 200);
  c.tick_both();
  CHECK(c.b.h.services().health->success_bp("mock", 1) == 10000);
  CHECK(c.b.h.services().latencies->figures("mock", "mock/echo").total_samples == 1);
  c.store.down = true;
  const int calls = c.store.calls;
  c.b.sync->tick();
  CHECK(c.store.calls == calls + 1);  // a hanging store holds the tick for one call's timeout only
  CHECK(c.b.sync->role() == ClusterRole::kAlone);
  CHECK(c.b.sync->may_work());
  CHECK(c.b.h.services().latencies->figures("mock", "mock/echo").total_samples == 0);  // a's figures forgotten
  // Alone, b checks by itself (its own budget), as without Redis.
  REQUIRE(c.b.h.ask("mock/echo").status == 200);
  CHECK(c.b.monitor().checks().run_due().ran == 1);
  c.store.down = false;
  c.tick_both();
  CHECK(c.a.sync->role() == ClusterRole::kLeader);
  CHECK(c.b.sync->role() == ClusterRole::kFollower);
  CHECK(c.b.h.services().latencies->figures("mock", "mock/echo").total_samples == 2);
}

TEST_CASE("cluster: Redis down: an instance probes within its share of the cap's rest, paid in when Redis is back") {
  const Money one = probe_cost(*Catalog::builtin().find("mock/echo-priced"), 1).value();
  Config config = config_with([&](Config& c) {
    c.health.active_checks = true;
    c.health.daily_spend_cap = Money::from_units(one.units() * 5);  // five probes a day for the cluster
  });
  Cluster c(config);
  const int64_t day = utc_day(c.clock);
  // The cluster spent one probe's worth: four left, two for each of the two instances.
  REQUIRE(c.store.try_spend(day, one.units(), config.health.daily_spend_cap.units()).value());
  REQUIRE(c.b.h.ask("mock/echo-priced").status == 200);
  c.tick_both();
  c.store.down = true;
  c.b.sync->tick();
  REQUIRE(c.b.sync->role() == ClusterRole::kAlone);
  CHECK(c.b.monitor().checks().run_due().ran == 1);
  c.advance_ms(300'000);
  CHECK(c.b.monitor().checks().run_due().ran == 1);
  c.advance_ms(300'000);
  CheckRound third = c.b.monitor().checks().run_due();
  CHECK(third.ran == 0);
  CHECK(third.skipped_over_cap == 1);  // its own budget alone would have allowed five
  CHECK(c.store.spent_units(day) == one.units());
  // Redis is back: what b spent alone reaches the counter at its next tick.
  c.store.down = false;
  c.b.sync->tick();
  CHECK(c.store.spent_units(day) == one.units() * 3);
  CHECK(c.b.monitor().checks().status().spend.spent == Money::from_units(one.units() * 3));
}

TEST_CASE("cluster: the leader's catalog sync is adopted by the others") {
  Config config = config_with([](Config& c) { c.catalog.sync = true; });
  Cluster c(config);
  CHECK(c.a.h.services().catalog_sync->run(false).size() == 1);  // mock's listing, in-process
  c.a.sync->tick();
  c.b.sync->tick();
  auto states = c.b.h.services().catalog_cache->provider_states();
  REQUIRE(states.size() == 1);
  CHECK(states[0].provider == "mock");
  CHECK(states[0].has_listing());
  CHECK(c.b.h.get_json("/health")["subsystems"]["catalog"]["sync"]["providers"]["mock"]["status"] == "ok");
}

}  // namespace gw
