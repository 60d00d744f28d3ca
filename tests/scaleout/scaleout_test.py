#!/usr/bin/env python3
# tests/scaleout/scaleout_test.py - the scale-out suite (ctest: scaleout):
# three `gw serve` instances sharing PostgreSQL ([database] url) and Redis
# ([redis] url) behind nginx round-robin, gw mock as the provider
# (tests/scaleout/cluster.py starts it all). What a team running several
# instances must be able to count on:
#
#   balance    a balance that covers exactly N requests; 10xN concurrent
#              requests over the instances: exactly N answered, balance
#              exactly zero, never negative, ledger = usage log, each request
#              id charged once;
#   dashboard  N billed requests over the instances: every instance's
#              dashboard overview (rollups on PostgreSQL) shows the user's N
#              requests and their exact cost, equal to the ledger's; its
#              totals equal the usage log's; a request's detail is there;
#   trial      a trial's request count is shared (Redis), whichever
#              instance answers;
#   cache      an answer cached through one instance is a hit on another,
#              and a clear on a third clears it for all;
#   per-minute a key's requests/min holds across the instances (overshoot
#              reported);
#   breaker    a breaker opened through one instance is open on the others;
#   kill -9    an instance killed under load: nothing double-billed, the
#              ledger check passes;
#   leases     a burst over the instances served from balance leases: once
#              they are given back the balance is exactly the initial one
#              less the charges, nothing left reserved; an instance killed
#              holding a lease: the sweep releases it;
#   redis      Redis stopped mid-run: requests keep flowing on the fallback,
#              /health says degraded, the fallback metric counts; a hanging
#              Redis costs a request at most a short timeout; shared limits
#              return when Redis does;
#   postgres   PostgreSQL stopped: billed requests get a clear 503 in their
#              dialect, owner traffic is answered, and nothing is lost (the
#              owner's usage rows arrive once it is back) or double-charged;
#   pg hung    PostgreSQL SIGSTOPped: a billed request gets the 503 within a
#              bound (not a hang), the owner is served, billing resumes.
#
# Prints one line per check and the figures; exits non-zero on a failure.
# Usage: scaleout_test.py [GW_BIN]
import concurrent.futures
import decimal
import signal
import sys
import time
import uuid

sys.path.insert(0, __import__("os").path.dirname(__file__))
from cluster import MASTER, Cluster, check, finish, http, metric  # noqa: E402

IMAGE = {"model": "mock/image-priced", "prompt": "a lighthouse", "n": 1}  # $0.25 held, $0.25 charged
ECHO = {"model": "mock/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]}
PRICED = {"model": "mock/echo-priced", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]}


def new_user(c, name, plan, wait=True):
    status, body, _, _ = http("POST", c.at(0, "/admin/users"), {"name": name, "plan": plan}, MASTER)
    assert status in (200, 201), (status, body)
    if wait:
        time.sleep(1.2)  # every instance knows the key within a second (test_key_propagation)
    return body["user"]["id"], body["key"]["secret"]


def seconds_until_status(c, key, status):
    """{instance: seconds until instances 1 and 2 answer `key` with `status`}."""
    start, seen = time.monotonic(), {}
    while len(seen) < 2 and time.monotonic() - start < 5:
        for i in (1, 2):
            if i not in seen and http("POST", c.at(i, "/v1/chat/completions"), ECHO, key)[0] == status:
                seen[i] = time.monotonic() - start
        time.sleep(0.05)
    return seen


def test_key_propagation(c):
    """A key created on one instance works on the others within a second; revoked, it stops."""
    _, key = new_user(c, "propagation", "dev", wait=False)
    seen = seconds_until_status(c, key, 200)
    key_id = http("GET", c.at(0, "/admin/keys?user=propagation"), None, MASTER)[1]["data"][0]["id"]
    http("POST", c.at(0, f"/admin/keys/{key_id}/revoke"), {}, MASTER)
    gone = seconds_until_status(c, key, 401)
    check("a key created on one instance works on the others within a second, and stops when revoked",
          len(seen) == 2 and max(seen.values()) < 1.0 and len(gone) == 2 and max(gone.values()) < 1.0,
          f"created: {', '.join(f'#{i} {t * 1000:.0f} ms' for i, t in sorted(seen.items()))}; "
          f"revoked: {', '.join(f'#{i} {t * 1000:.0f} ms' for i, t in sorted(gone.items()))}")


def fire(requests, workers=64):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda r: http(*r), requests))


def wait_settled(c, user_id, expect_rows=None, seconds=20):
    """Waits until the user's holds are gone (every request settled)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        holds = int(c.psql(f"SELECT count(*) FROM holds WHERE user_id = '{user_id}'")[0][0])
        if holds == 0:
            return True
        time.sleep(0.2)
    return False


def ledger_problems(c):
    """The whole database's books: [] when they balance."""
    problems = []
    unbalanced = c.psql("SELECT u.id FROM users u LEFT JOIN (SELECT user_id, sum(allowance_units) a, "
                        "sum(purchased_units) p FROM ledger GROUP BY user_id) l ON l.user_id = u.id "
                        "WHERE u.allowance_units != coalesce(l.a, 0) OR u.purchased_units != coalesce(l.p, 0)")
    if unbalanced:
        problems.append(f"balances differ from their ledger: {unbalanced}")
    negative = c.psql("SELECT id FROM users WHERE allowance_units < 0 OR purchased_units < 0")
    if negative:
        problems.append(f"negative buckets: {negative}")
    twice = c.psql("SELECT request_id FROM ledger WHERE request_id IS NOT NULL GROUP BY request_id HAVING count(*) > 1")
    if twice:
        problems.append(f"request ids charged twice: {twice}")
    # every charge has its usage row with the same cost, and every billed usage row its ledger row
    orphan = c.psql("SELECT l.request_id FROM ledger l LEFT JOIN usage_log u ON u.request_id = l.request_id "
                    "WHERE l.kind = 'charge' AND (u.request_id IS NULL OR u.cost_units != "
                    "-(l.allowance_units + l.purchased_units) + l.uncollected_units)")
    if orphan:
        problems.append(f"charges without a matching usage row: {orphan[:5]}")
    unbilled = c.psql("SELECT u.request_id FROM usage_log u LEFT JOIN ledger l ON l.request_id = u.request_id "
                      "WHERE u.user_id IS NOT NULL AND u.cost_units > 0 AND l.request_id IS NULL")
    if unbilled:
        problems.append(f"billed usage rows without a ledger row: {unbilled[:5]}")
    return problems


def test_balance(c):
    n = 40  # the dev plan's $10.00 allowance, at $0.25 an image
    user, key = new_user(c, "balance", "dev")
    results = fire([("POST", c.lb("/v1/images/generations"), IMAGE, key)] * (10 * n))
    answered = sum(1 for r in results if r[0] == 200)
    refused = sum(1 for r in results if r[0] == 402)
    other = sorted({r[0] for r in results} - {200, 402})
    settled = wait_settled(c, user)
    time.sleep(0.5)
    a, p, reserved = (int(x) for x in c.psql(
        f"SELECT allowance_units, purchased_units, reserved_units FROM users WHERE id = '{user}'")[0])
    charges = int(c.psql(f"SELECT count(*) FROM ledger WHERE user_id = '{user}' AND kind = 'charge'")[0][0])
    rows = int(c.psql(f"SELECT count(*) FROM usage_log WHERE user_id = '{user}' AND status = 200")[0][0])
    check("balance: exactly N answered", answered == n, f"{answered} of {10 * n} answered (N = {n}), {refused} x 402, "
          f"other statuses {other}")
    check("balance: exactly zero, never negative", a + p == 0 and a >= 0 and p >= 0 and reserved == 0,
          f"allowance {a}, purchased {p}, reserved {reserved} (units of 1e-10 USD); settled {settled}")
    check("balance: ledger = usage log, one charge per request", charges == n and rows == n,
          f"{charges} charges, {rows} answered usage rows")


def units(usd):
    """A decimal dollar string as integer units of 1e-10 USD (exact)."""
    return int(decimal.Decimal(usd) * 10 ** 10)


def overview(c, i):
    status, body, _, _ = http("GET", c.at(i, "/ui/api/overview?window=24h&by=user"), None, MASTER)
    return body if status == 200 and isinstance(body, dict) else {"status": status, "body": body}


def test_dashboard(c):
    """The dashboard on PostgreSQL: every instance's overview counts what all of them wrote, exactly."""
    n = 24
    user, key = new_user(c, "dashboard", "dev")
    results = fire([("POST", c.lb("/v1/chat/completions"), PRICED, key)] * n, workers=8)
    answered = sum(1 for r in results if r[0] == 200)
    wait_settled(c, user)
    charged = int(c.psql("SELECT coalesce(sum(-(allowance_units + purchased_units) + uncollected_units), 0) "
                         f"FROM ledger WHERE user_id = '{user}' AND kind = 'charge'")[0][0])
    end, reports = time.monotonic() + 10, []
    while time.monotonic() < end:  # each instance's writer commits within ~10 ms; an overview waits only for its own
        reports = [overview(c, i) for i in range(3)]
        rows = [[r for r in o.get("rows", []) if r.get("key") == user] for o in reports]
        if all(len(r) == 1 and r[0]["requests"] == n for r in rows):
            break
        time.sleep(0.2)
    rows = [[r for r in o.get("rows", []) if r.get("key") == user] for o in reports]
    shown = [(r[0]["requests"], units(r[0]["cost_usd"])) if len(r) == 1 else None for r in rows]
    start = reports[0].get("start_ms", 0)
    logged = [int(x) for x in c.psql("SELECT count(*), coalesce(sum(cost_units), 0) FROM usage_log "
                                     f"WHERE created_ms >= {start}")[0]]
    totals = [(o["totals"]["requests"], units(o["totals"]["cost_usd"])) if "totals" in o else None for o in reports]
    check("dashboard on postgres: each instance's overview shows the N requests and the ledger's exact cost",
          answered == n and charged > 0 and shown == [(n, charged)] * 3,
          f"{answered}/{n} answered; by user on instances 0-2: {shown} (requests, units); ledger {charged} units; "
          f"{reports[0] if not rows[0] else ''}")
    requests = [r[0] for r in c.psql(f"SELECT request_id FROM usage_log WHERE user_id = '{user}' LIMIT 1")]
    detail = http("GET", c.at(1, f"/ui/api/requests/{requests[0]}"), None, MASTER) if requests else (0, None)
    check("dashboard on postgres: totals equal the usage log's, a request's detail is found",
          totals == [tuple(logged)] * 3 and detail[0] == 200 and isinstance(detail[1], dict) and
          detail[1].get("request_id") == requests[0],
          f"totals {totals}, usage log {logged}; detail status {detail[0]}")


def test_trial_counts(c):
    """A trial's request count is one count in Redis, whichever instance answers."""
    user, key = new_user(c, "trialcount", "trial")
    statuses = [http("POST", c.at(i % 3, "/v1/chat/completions"), PRICED, key)[0] for i in range(6)]
    shared = c.redis("HGET", f"gw:trial:{user}", "r")
    check("trial counts shared: 6 requests over 3 instances count 6 in Redis",
          statuses == [200] * 6 and shared == "6", f"statuses {statuses}; shared request count {shared}")


def cache_header(reply):
    return {k.lower(): v for k, v in reply[2].items()}.get("x-gw-cache")


def test_cache(c):
    """An answer cached through one instance is a hit on another; cleared on a third, it is gone for all."""
    body = dict(ECHO, temperature=0, messages=[{"role": "user", "content": f"cache {uuid.uuid4()}"}])
    first = http("POST", c.at(0, "/v1/chat/completions"), body, MASTER)
    second = http("POST", c.at(1, "/v1/chat/completions"), body, MASTER)
    cleared = http("POST", c.at(2, "/admin/cache/clear"), {"model": "mock/echo"}, MASTER)
    third = http("POST", c.at(0, "/v1/chat/completions"), body, MASTER)
    same = isinstance(first[1], dict) and isinstance(second[1], dict) and \
        first[1]["choices"][0]["message"] == second[1]["choices"][0]["message"]
    check("response cache shared: a hit on another instance, cleared for all",
          first[0] == second[0] == third[0] == 200 and cache_header(second) == "hit" and same and
          cache_header(third) != "hit" and cleared[0] == 200,
          f"x-gw-cache: #0 {cache_header(first)}, #1 {cache_header(second)}, after a clear on #2 "
          f"(status {cleared[0]}) #0 {cache_header(third)}")


def test_per_minute(c):
    limit = 30  # [plans.trial] requests_per_minute
    while time.time() % 60 > 40:  # all in one minute window
        time.sleep(1)
    _, key = new_user(c, "minute", "trial")
    results = fire([("POST", c.lb("/v1/chat/completions"), ECHO, key)] * (3 * limit), workers=8)
    answered = sum(1 for r in results if r[0] == 200)
    limited = sum(1 for r in results if r[0] == 429)
    check("per-minute limit across instances", answered <= limit and answered + limited == 3 * limit,
          f"{answered} answered of {3 * limit} (limit {limit}, overshoot {max(0, answered - limit)}), {limited} x 429")


def breaker_state(c, i, provider):
    status, body, _, _ = http("GET", c.at(i, "/admin/breakers"), None, MASTER)
    for b in (body.get("data", []) if isinstance(body, dict) else []):
        if b.get("provider") == provider:
            return b.get("state")
    return None


def test_breaker(c):
    body = {"model": "meta-llama/llama-3.1-8b-instruct", "max_tokens": 4, "messages": [{"role": "user", "content": "x"}]}
    for _ in range(6):
        http("POST", c.at(0, "/v1/chat/completions"), body, MASTER)
    opened = breaker_state(c, 0, "groq")
    time.sleep(1.0)
    others = [breaker_state(c, i, "groq") for i in (1, 2)]
    check("breaker opened on one instance is open on the others", opened == "open" and others == ["open", "open"],
          f"instance 0: {opened}, instances 1 and 2 after 1 s: {others}")


def test_kill(c):
    user, key = new_user(c, "killed", "dev")
    stop = time.monotonic() + 4
    counts = {}

    def load():
        while time.monotonic() < stop:
            s = http("POST", c.lb("/v1/chat/completions"), PRICED, key)[0]
            counts[s] = counts.get(s, 0) + 1

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(load) for _ in range(16)]
        time.sleep(1.5)
        c.kill_gw(1)
        for f in futures:
            f.result()
    time.sleep(1.5)
    problems = ledger_problems(c)
    check("kill -9 under load: ledger check passes", not problems, f"statuses {counts}; " + "; ".join(problems))
    c.start_gw(1)


def user_books(c, user):
    """(balance, reserved, charged, usage cost, open holds, open leases) of a user, in units of 1e-10 USD."""
    balance, reserved = (int(x) for x in c.psql(
        f"SELECT allowance_units + purchased_units, reserved_units FROM users WHERE id = '{user}'")[0])
    charged = int(c.psql(f"SELECT coalesce(sum(-(allowance_units + purchased_units)), 0) FROM ledger "
                         f"WHERE user_id = '{user}' AND kind = 'charge'")[0][0])
    cost = int(c.psql(f"SELECT coalesce(sum(cost_units), 0) FROM usage_log WHERE user_id = '{user}'")[0][0])
    holds = int(c.psql(f"SELECT count(*) FROM holds WHERE user_id = '{user}'")[0][0])
    leases = int(c.psql(f"SELECT count(*) FROM leases WHERE user_id = '{user}'")[0][0])
    return balance, reserved, charged, cost, holds, leases


def test_leases(c):
    """Balance leases: a burst over three instances leaves the balance exact once the leases are given back;
    an instance killed holding a lease: the lease is released by the sweep."""
    user, key = new_user(c, "leases", "dev")
    initial = user_books(c, user)[0]
    most, done = [0], []

    def watch():  # the most lease rows the user had at once during the burst
        while not done:
            most[0] = max(most[0], int(c.psql(f"SELECT count(*) FROM leases WHERE user_id = '{user}'")[0][0]))
            time.sleep(0.05)

    with concurrent.futures.ThreadPoolExecutor(1) as watcher:
        watching = watcher.submit(watch)
        results = fire([("POST", c.lb("/v1/chat/completions"), PRICED, key)] * 900)
        done.append(True)
        watching.result()
    answered = sum(1 for r in results if r[0] == 200)
    end = time.monotonic() + 10
    while time.monotonic() < end:  # given back after 1 s idle; settled by the writers
        books = user_books(c, user)
        if books[1] == 0 and books[4] == 0 and books[5] == 0:
            break
        time.sleep(0.2)
    balance, reserved, charged, cost, holds, leases = user_books(c, user)
    check("leases: a burst over three instances, then the balance is exact and no lease or hold is left",
          answered == 900 and most[0] >= 2 and balance == initial - charged and charged == cost and charged > 0
          and reserved == 0 and holds == 0 and leases == 0,
          f"{answered} of 900 answered; up to {most[0]} leases open at once; balance {initial} - {charged} charged "
          f"= {balance} (usage log {cost}); reserved {reserved}, {holds} holds, {leases} leases left")

    # Instance 2 with a short lease ttl, killed while it holds a lease.
    c._stop("gw2")
    plain = c.config_text
    c.config_text = lambda port: plain(port).replace("[database]\n", "[database]\nlease_ttl_s = 2\n")
    try:
        c.start_gw(2)
        time.sleep(1.2)  # its accounts refresh knows the user
        statuses = [http("POST", c.at(2, "/v1/chat/completions"), PRICED, key)[0] for _ in range(5)]
        time.sleep(0.3)  # settled by its writer, not yet idle for 1 s
        held = c.psql(f"SELECT coalesce(sum(amount_units), 0), count(*) FROM leases WHERE user_id = '{user}'")[0]
        c.kill_gw(2)
        killed = time.monotonic()
        while time.monotonic() - killed < 15:
            if user_books(c, user)[5] == 0:
                break
            time.sleep(0.2)
        released = time.monotonic() - killed
        balance, reserved, charged, cost, holds, leases = user_books(c, user)
        problems = ledger_problems(c)
        check("leases: kill -9 of an instance holding a lease, released by the sweep; the books stay exact",
              statuses == [200] * 5 and int(held[1]) == 1 and int(held[0]) > 0 and leases == 0 and reserved == 0
              and balance == initial - charged and charged == cost and not problems,
              f"statuses {statuses}; lease of {held[0]} units killed; released after {released:.1f} s; balance "
              f"{balance} = {initial} - {charged} (usage log {cost}), reserved {reserved}; " + "; ".join(problems))
    finally:
        c.config_text = plain
        c._stop("gw2", signal.SIGKILL)
        c.start_gw(2)


def test_redis(c):
    _, key = new_user(c, "redis", "team")
    c.stop_redis()
    results = fire([("POST", c.lb("/v1/chat/completions"), ECHO, key)] * 60, workers=8)
    ok = sum(1 for r in results if r[0] == 200)
    slowest = max(r[3] for r in results)
    health = [http("GET", c.at(i, "/health"))[1].get("status") for i in range(3)]
    fallbacks = sum(metric(c, i, "rate_limit_fallback_decisions_total") or 0 for i in range(3))
    check("redis stopped: requests flow on the fallback", ok == 60,
          f"{ok}/60 answered, slowest {slowest * 1000:.0f} ms, /health {health}, fallback decisions {fallbacks:.0f}")
    check("redis stopped: /health degraded, fallback counted", health == ["degraded"] * 3 and fallbacks > 0)
    c.start_redis()
    # A hanging Redis (SIGSTOP): each request waits at most [redis] timeout_ms.
    time.sleep(c.redis_retry_ms / 1000 + 0.5)
    c.signal_redis(signal.SIGSTOP)
    try:
        hung = [http("POST", c.lb("/v1/chat/completions"), ECHO, key) for _ in range(20)]
    finally:
        c.signal_redis(signal.SIGCONT)
    worst = max(r[3] for r in hung)
    check("redis hanging: a request waits at most a short timeout",
          all(r[0] == 200 for r in hung) and worst < 0.5,
          f"{sum(1 for r in hung if r[0] == 200)}/20 answered, slowest {worst * 1000:.0f} ms "
          f"([redis] timeout_ms {c.redis_timeout_ms})")
    time.sleep(c.redis_retry_ms / 1000 + 0.5)
    # Shared limits are back: a fresh per-minute key holds across instances again.
    limit = 30
    while time.time() % 60 > 40:
        time.sleep(1)
    _, key2 = new_user(c, "minute-after-redis", "trial")
    before = sum(metric(c, i, "rate_limit_fallback_decisions_total") or 0 for i in range(3))
    results = fire([("POST", c.lb("/v1/chat/completions"), ECHO, key2)] * (3 * limit), workers=8)
    after = sum(metric(c, i, "rate_limit_fallback_decisions_total") or 0 for i in range(3))
    answered = sum(1 for r in results if r[0] == 200)
    check("redis back: shared limits return", answered <= limit and after == before,
          f"{answered} answered of {3 * limit} (limit {limit}), fallback decisions during the run {after - before:.0f}")


def test_postgres(c):
    _, key = new_user(c, "pgdown", "dev")
    owner_rows_before = int(c.psql("SELECT count(*) FROM usage_log WHERE user_id IS NULL")[0][0])
    c.stop_postgres()
    billed = [http("POST", c.lb("/v1/chat/completions"), PRICED, key) for _ in range(6)]
    billed_msgs = [http("POST", c.lb("/v1/messages"),
                        {"model": "mock/echo-priced", "max_tokens": 8, "messages": [{"role": "user", "content": "x"}]},
                        key) for _ in range(3)]
    owner = [http("POST", c.lb("/v1/chat/completions"), ECHO, MASTER) for _ in range(30)]
    refused = all(r[0] == 503 for r in billed + billed_msgs)
    openai_shape = all(isinstance(r[1], dict) and "error" in r[1] and "database" in r[1]["error"].get("message", "")
                       for r in billed)
    anthropic_shape = all(isinstance(r[1], dict) and r[1].get("type") == "error" for r in billed_msgs)
    owner_ok = sum(1 for r in owner if r[0] == 200)
    check("postgres stopped: billed requests get a clear 503 in their dialect",
          refused and openai_shape and anthropic_shape,
          f"statuses {[r[0] for r in billed + billed_msgs]}; "
          f"message: {billed[0][1]['error']['message'] if isinstance(billed[0][1], dict) else billed[0][1]}")
    check("postgres stopped: owner traffic answered", owner_ok == 30, f"{owner_ok}/30")
    c.start_postgres(init=False)
    end = time.monotonic() + 30
    rows = owner_rows_before
    while time.monotonic() < end:
        rows = int(c.psql("SELECT count(*) FROM usage_log WHERE user_id IS NULL")[0][0])
        if rows >= owner_rows_before + owner_ok:
            break
        time.sleep(0.5)
    again = [http("POST", c.lb("/v1/chat/completions"), PRICED, key)[0] for _ in range(6)]
    time.sleep(1)
    problems = ledger_problems(c)
    check("postgres back: nothing lost, nothing double-charged, billing resumes",
          rows == owner_rows_before + owner_ok and all(s == 200 for s in again) and not problems,
          f"owner usage rows {rows - owner_rows_before}/{owner_ok} written after the outage; billed again {again}; "
          + "; ".join(problems))


def test_postgres_hung(c):
    """PostgreSQL hung (SIGSTOP): a billed request gets the 503 within a bound, then billing resumes."""
    _, key = new_user(c, "pghung", "dev")
    assert http("POST", c.at(0, "/v1/chat/completions"), PRICED, key)[0] == 200  # a pooled connection exists
    stopped = c.signal_postgres(signal.SIGSTOP)
    try:
        billed = http("POST", c.at(0, "/v1/chat/completions"), PRICED, key, timeout=30)
        owner = http("POST", c.at(0, "/v1/chat/completions"), ECHO, MASTER, timeout=30)
    finally:
        c.signal_postgres(signal.SIGCONT)
    start, again = time.monotonic(), 0
    while time.monotonic() - start < 20:
        again = http("POST", c.at(0, "/v1/chat/completions"), PRICED, key, timeout=30)[0]
        if again == 200:
            break
        time.sleep(0.2)
    check("postgres hung: a billed request gets a 503 within 10 s, the owner is served, billing resumes",
          billed[0] == 503 and billed[3] < 10 and owner[0] == 200 and owner[3] < 1 and again == 200,
          f"{len(stopped)} postgres processes stopped; billed {billed[0]} in {billed[3]:.1f} s, owner {owner[0]} in "
          f"{owner[3] * 1000:.0f} ms; after SIGCONT {again} in {time.monotonic() - start:.1f} s")


def main():
    gw = sys.argv[1] if len(sys.argv) > 1 else "build/gw"
    c = Cluster(gw)
    started = time.monotonic()
    try:
        c.start()
        for test in (test_key_propagation, test_balance, test_dashboard, test_trial_counts, test_cache, test_per_minute,
                     test_breaker, test_kill, test_leases, test_redis, test_postgres, test_postgres_hung):
            try:
                test(c)
            except Exception as e:  # a broken step is a failure, and the rest still run
                check(test.__name__, False, f"{type(e).__name__}: {e}")
        check("ledger at the end", not ledger_problems(c), "; ".join(ledger_problems(c)))
    finally:
        c.stop()
    return finish(c, "scale-out suite", started)


if __name__ == "__main__":
    sys.exit(main())
