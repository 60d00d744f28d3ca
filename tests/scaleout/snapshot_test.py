#!/usr/bin/env python3
# tests/scaleout/snapshot_test.py - the shared catalog/health snapshot
# (ctest: scaleout_snapshot; docs/scale-out.md, proxy/monitor/cluster_sync.h):
# three `gw serve` instances on one Redis and PostgreSQL behind nginx
# (tests/scaleout/cluster.py), active checks on, gw mock as the provider.
#
#   leader     exactly one instance leads, the others follow;
#   probes     only the leader probes (the others' check counts stay 0) and
#              the others show its results;
#   cap        the day's probe spend is the cluster's counter in Redis: with
#              all but one unit of the cap spent (seeded before start), the
#              priced model's probe is skipped, the counter does not move,
#              and every instance reports the cluster's spend;
#   passive    failures sent through instance 0 show in instance 1's /health;
#   latency    answers measured through instance 0 count in instance 2's
#              GET /admin/latency;
#   kill -9    the leader killed: another takes over within the lease (3 s)
#              plus a tick, without probing again what was just probed, and
#              the dead instance drops out of the others' count;
#   redis hung Redis SIGSTOPped: the instances work alone (role "alone"),
#              /health answers fast and says Redis is degraded; SIGCONT: a
#              leader and a follower again.
#
# Prints one line per check and the figures; exits non-zero on a failure.
# Usage: snapshot_test.py [GW_BIN]
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from cluster import MASTER, Cluster, check, finish, http, metric  # noqa: E402

ECHO = {"model": "mock/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]}
PRICED = {"model": "mock/echo-priced", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]}
GROQ = {"model": "meta-llama/llama-3.1-8b-instruct", "max_tokens": 4, "messages": [{"role": "user", "content": "x"}]}
CAP_USD = "0.01"
CAP_UNITS = 100_000_000  # $0.01 in Money units (1e-10 USD)


class SnapshotCluster(Cluster):
    def config_text(self, port):
        return super().config_text(port) + f"""
[health]
active_checks = true
daily_spend_cap_usd = "{CAP_USD}"
cache_ttl_s = 1
"""


def health(c, i, timeout=10):
    status, body, _, took = http("GET", c.at(i, "/health"), None, MASTER, timeout=timeout)
    return (body if status == 200 and isinstance(body, dict) else {}), took


def role(c, i):
    return health(c, i)[0].get("subsystems", {}).get("cluster", {}).get("role")


def checks(c, i):
    return health(c, i)[0].get("subsystems", {}).get("active_checks", {})


def wait_for(what, seconds, step=0.1):
    end = time.monotonic() + seconds
    while True:
        value = what()
        if value or time.monotonic() >= end:
            return value
        time.sleep(step)


def money(units):
    """A Money string as gw writes it (Money::to_string): at least two decimals."""
    whole, frac = divmod(units, 10_000_000_000)
    text = f"{frac:010d}".rstrip("0")
    return f"{whole}.{text.ljust(2, '0')}"


def test_leader_and_probes(c):
    roles = wait_for(lambda: (lambda r: r if None not in r and "starting" not in r else None)(
        [role(c, i) for i in range(3)]), 5)
    check("one leader, the others follow", sorted(roles or []) == ["follower", "follower", "leader"], f"roles {roles}")
    leader = (roles or ["leader"]).index("leader")
    gauges = [metric(c, i, "cluster_leader") for i in range(3)]
    check("the cluster_leader gauge is 1 on the leader only", gauges == [1.0 if i == leader else 0.0 for i in range(3)],
          f"gauges {gauges}")
    for body in (ECHO, PRICED, ECHO, PRICED):
        http("POST", c.lb("/v1/chat/completions"), body, MASTER)
    started = time.monotonic()
    probed = wait_for(lambda: checks(c, leader).get("checks_total", 0) >= 1, 10)
    took = time.monotonic() - started
    time.sleep(1.5)  # a second probe anywhere would show by now; the results are published
    counts = [checks(c, i).get("checks_total") for i in range(3)]
    check("only the leader probes", probed and counts[leader] == 1 and sum(counts) == 1,
          f"checks per instance {counts} (leader #{leader}), first probe {took:.1f} s after the traffic")
    follower = (leader + 1) % 3
    models = health(c, follower)[0].get("subsystems", {}).get("providers", {}).get("models", [])
    echo = [m for m in models if m.get("model") == "mock/echo"]
    check("a follower shows the leader's check", bool(echo) and echo[0].get("last_check", {}).get("ok") is True,
          f"instance {follower}'s mock/echo row: {echo[0] if echo else None}")
    skipped = checks(c, leader).get("skipped_over_cap_today", 0)
    counter = int(c.redis("GET", f"gw:probe_spend:{int(time.time() * 1000) // 86_400_000}") or 0)
    spends = [checks(c, i).get("spend_today") for i in range(3)]
    check("the day's cap is the cluster's", skipped >= 1 and counter == CAP_UNITS - 1
          and spends == [money(CAP_UNITS - 1)] * 3,
          f"leader skipped {skipped} over the cap; Redis counter {counter} of {CAP_UNITS}; spend_today {spends}")
    return leader


def test_passive_and_latency(c):
    for _ in range(3):
        http("POST", c.at(0, "/v1/chat/completions"), GROQ, MASTER)

    def groq_failures():
        traffic = health(c, 1)[0].get("subsystems", {}).get("providers", {}).get("traffic", {})
        return traffic.get("groq", {}).get("failures", 0)

    failures = wait_for(lambda: groq_failures() >= 3 and groq_failures(), 4)
    check("failures through instance 0 show in instance 1's /health", bool(failures),
          f"instance 1 counts {failures or groq_failures()} groq failures")

    def samples(i):
        _, body, _, _ = http("GET", c.at(i, "/admin/latency"), None, MASTER)
        rows = body.get("data", []) if isinstance(body, dict) else []
        return sum(r.get("total_samples", 0) for r in rows if r.get("model") == "mock/echo")

    before = samples(2)
    for _ in range(5):
        http("POST", c.at(0, "/v1/chat/completions"), dict(ECHO, messages=[{"role": "user", "content": "lat"}]), MASTER)
    after = wait_for(lambda: samples(2) >= before + 5 and samples(2), 4)
    check("latency measured through instance 0 is in instance 2's /admin/latency", bool(after),
          f"instance 2's mock/echo samples {before} -> {after or samples(2)}")


def test_kill_leader(c, leader):
    survivors = [i for i in range(3) if i != leader]
    probes_before = [checks(c, i).get("checks_total", 0) for i in survivors]
    c.kill_gw(leader)
    killed = time.monotonic()
    new = wait_for(lambda: [i for i in survivors if role(c, i) == "leader"], 8)
    took = time.monotonic() - killed
    check("a killed leader is replaced within the lease and a tick", len(new) == 1 and took < 5.0,
          f"instance {new} leads {took:.1f} s after kill -9 of #{leader}")
    gone = wait_for(lambda: all(health(c, i)[0].get("subsystems", {}).get("cluster", {}).get("instances") == 2
                                for i in survivors), 8)
    time.sleep(1.5)
    probes_after = [checks(c, i).get("checks_total", 0) for i in survivors]
    check("the dead instance drops out; the new leader does not probe again", bool(gone) and
          probes_after == probes_before, f"checks {probes_before} -> {probes_after}")
    return survivors


def test_redis_hung(c, survivors):
    c.signal_redis(signal.SIGSTOP)
    try:
        alone = wait_for(lambda: all(role(c, i) == "alone" for i in survivors), 5)
        body, took = health(c, survivors[0])
        redis = body.get("subsystems", {}).get("redis", {}).get("status")
        check("Redis hung: every instance works alone, /health answers fast, Redis degraded",
              bool(alone) and took < 1.0 and redis == "degraded",
              f"roles {[role(c, i) for i in survivors]}, /health in {took * 1000:.0f} ms, redis {redis}")
    finally:
        c.signal_redis(signal.SIGCONT)
    back = wait_for(lambda: sorted(role(c, i) for i in survivors) == ["follower", "leader"], 6)
    check("Redis back: a leader and a follower again", bool(back), f"roles {[role(c, i) for i in survivors]}")


def main():
    gw = sys.argv[1] if len(sys.argv) > 1 else "build/gw"
    c = SnapshotCluster(gw)
    started = time.monotonic()
    try:
        c.start_postgres()
        c.start_redis()
        # The rest of the cluster spent all but one unit of today's cap.
        c.redis("SET", f"gw:probe_spend:{int(time.time() * 1000) // 86_400_000}", CAP_UNITS - 1)
        c.start_mocks()
        c.start_gw(0)
        for i in (1, 2):
            c.start_gw(i)
        c.start_nginx()
        leader = test_leader_and_probes(c)
        test_passive_and_latency(c)
        survivors = test_kill_leader(c, leader)
        test_redis_hung(c, survivors)
    except Exception as e:  # a broken step is a failure
        check("snapshot suite", False, f"{type(e).__name__}: {e}")
    finally:
        c.stop()
    return finish(c, "snapshot suite", started)


if __name__ == "__main__":
    sys.exit(main())
