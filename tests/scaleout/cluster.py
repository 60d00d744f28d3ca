# tests/scaleout/cluster.py - starts and stops what the scale-out suite
# (scaleout_test.py) and the example (examples/scaleout/run.sh's shape) run
# on one machine, all on loopback and free ports, in one temporary
# directory: PostgreSQL (initdb + postgres as an unprivileged user: it
# refuses root), redis-server (no persistence), gw mock as the provider,
# three `gw serve` instances sharing both, and nginx round-robin in front.
#
# Everything started is stopped by Cluster.stop() (also on Ctrl-C), by pid.
# Both suites (scaleout_test.py, snapshot_test.py) also share check(),
# metric() and finish() from here.
import base64
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

MASTER = "mk_scaleout_master_key"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unprivileged_user():
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            pass
    raise RuntimeError("no unprivileged user (postgres or nobody) to run PostgreSQL and Redis")


def pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    for v in ("17", "16", "15", "14", "13"):
        p = f"/usr/lib/postgresql/{v}/bin/{name}"
        if os.path.exists(p):
            return p
    raise RuntimeError(f"{name} not found (apt-get install postgresql)")


def http(method, url, body=None, key=None, timeout=30):
    """(status, json-or-text, headers, seconds)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("Authorization", "Bearer " + key)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw, status, headers = r.read(), r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        raw, status, headers = e.read(), e.code, dict(e.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, None, {}, time.monotonic() - start
    took = time.monotonic() - start
    try:
        return status, json.loads(raw), headers, took
    except ValueError:
        return status, raw.decode(errors="replace"), headers, took


# --- what the suites share: checks, metrics, the end ---------------------

FAILURES = []  # the names of the checks that failed in this process's suite


def check(name, ok, detail=""):
    """Prints one check's line; a failure is remembered in FAILURES."""
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
    if not ok:
        FAILURES.append(name)


def metric(c, i, name):
    """The value of metric `name` (its first series) on instance i's /metrics; None when absent."""
    _, text, _, _ = http("GET", c.at(i, "/metrics"))
    for line in (text if isinstance(text, str) else "").splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.split()[-1])
    return None


def finish(c, suite, started):
    """After c.stop(): the logs removed when nothing failed, one summary line, the exit code."""
    if not FAILURES:
        shutil.rmtree(c.dir, ignore_errors=True)
    print(f"{suite}: {len(FAILURES)} failed, {time.monotonic() - started:.0f} s; logs in {c.dir}")
    return 1 if FAILURES else 0


class Cluster:
    def __init__(self, gw_bin, instances=3, redis_timeout_ms=50, redis_retry_ms=1000):
        self.gw = os.path.abspath(gw_bin)
        self.dir = tempfile.mkdtemp(prefix="gw-scaleout-")
        os.chmod(self.dir, 0o755)
        self.user = unprivileged_user()
        self.procs = {}
        self.pg_port, self.redis_port, self.mock_port, self.bad_port, self.lb_port = (free_port() for _ in range(5))
        self.ports = [free_port() for _ in range(instances)]
        self.secret = base64.urlsafe_b64encode(os.urandom(32)).decode()
        self.redis_timeout_ms, self.redis_retry_ms = redis_timeout_ms, redis_retry_ms
        self.db_url = f"postgres://gw@127.0.0.1:{self.pg_port}/postgres"

    # -- processes -------------------------------------------------------
    def _spawn(self, name, argv, as_user=False, **kw):
        log = open(os.path.join(self.dir, name + ".log"), "ab")
        pre = None
        if as_user:
            uid, gid = self.user.pw_uid, self.user.pw_gid

            def pre():
                os.setgid(gid)
                os.setgroups([])
                os.setuid(uid)

        self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, preexec_fn=pre,
                                            cwd=self.dir, **kw)
        return self.procs[name]

    def _stop(self, name, sig=signal.SIGTERM, wait=15):
        p = self.procs.pop(name, None)
        if not p or p.poll() is not None:
            return
        p.send_signal(sig)
        try:
            p.wait(wait)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()

    def _wait_port(self, port, what, seconds=30):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{what} did not come up on port {port}; see {self.dir}")

    def start_postgres(self, init=True):
        data = os.path.join(self.dir, "pg")
        if init:
            os.makedirs(data)
            os.chown(data, self.user.pw_uid, self.user.pw_gid)
            subprocess.run(["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups",
                            pg_bin("initdb"), "-D", data, "-U", "gw", "-A", "trust", "--no-sync", "-E", "UTF8"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._spawn("postgres", [pg_bin("postgres"), "-D", data, "-p", str(self.pg_port), "-k", data,
                                 "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=300"],
                    as_user=True)
        self._wait_port(self.pg_port, "postgres")
        time.sleep(0.5)

    def stop_postgres(self):
        self._stop("postgres", signal.SIGINT)  # fast shutdown

    def signal_postgres(self, sig):
        """Sends sig to the postmaster and every backend it started (by pid)."""
        root = self.procs["postgres"].pid
        pids = [root]
        try:
            with open(f"/proc/{root}/task/{root}/children") as f:
                pids += [int(p) for p in f.read().split()]
        except OSError:
            pass
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        return pids

    def start_redis(self):
        rdir = os.path.join(self.dir, "redis")
        os.makedirs(rdir, exist_ok=True)
        os.chown(rdir, self.user.pw_uid, self.user.pw_gid)
        self._spawn("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", rdir], as_user=True)
        self._wait_port(self.redis_port, "redis-server")

    def stop_redis(self):
        self._stop("redis")

    def signal_redis(self, sig):
        self.procs["redis"].send_signal(sig)

    def start_mocks(self):
        self._spawn("mock", [self.gw, "mock", "--port", str(self.mock_port), "--threads", "2"])
        self._spawn("mock-503", [self.gw, "mock", "--port", str(self.bad_port), "--threads", "1", "--status", "503"])
        self._wait_port(self.mock_port, "gw mock")
        self._wait_port(self.bad_port, "gw mock --status 503")

    def config_text(self, port):
        return f"""[server]
port = {port}
threads = 2
master_key = "{MASTER}"
secret_key = "{self.secret}"
allowed_hosts = ["*"]

[database]
url = "{self.db_url}"

[redis]
url = "redis://127.0.0.1:{self.redis_port}"
timeout_ms = {self.redis_timeout_ms}
retry_ms = {self.redis_retry_ms}

# deterministic requests (temperature 0) are cached, shared through Redis
[cache]
mode = "deterministic"

[providers.mock]
base_url = "http://127.0.0.1:{self.mock_port}/v1"

[providers.groq]
api_key = "not-a-real-key"
base_url = "http://127.0.0.1:{self.bad_port}/v1"

[breakers]
failure_threshold = 3
cooldown_s = 60

# the balance test must meet only its balance: limits far away
[plans.dev]
requests_per_minute = 1000000
concurrent_requests = 4096

# the per-minute test's plan
[plans.trial]
requests_per_minute = 30
concurrent_requests = 4096
"""

    def start_gw(self, i):
        cfg = os.path.join(self.dir, f"gw{i}.toml")
        with open(cfg, "w") as f:
            f.write(self.config_text(self.ports[i]))
        home = os.path.join(self.dir, f"home{i}")
        os.makedirs(home, exist_ok=True)
        env = dict(os.environ, HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home)
        env.pop("GW_DB", None)
        self._spawn(f"gw{i}", [self.gw, "--config", cfg, "serve"], env=env)
        self._wait_port(self.ports[i], f"gw serve #{i}")

    def kill_gw(self, i):
        self._stop(f"gw{i}", signal.SIGKILL)

    def start_nginx(self):
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in self.ports)
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""daemon off;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  upstream gw {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{self.lb_port};
    location / {{
      proxy_pass http://gw;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;
      proxy_read_timeout 60s;
    }}
  }}
}}
""")
        self._spawn("nginx", ["nginx", "-c", conf, "-p", self.dir])
        self._wait_port(self.lb_port, "nginx")

    def start(self):
        self.start_postgres()
        self.start_redis()
        self.start_mocks()
        # One instance first: it runs the migrations the others find done.
        self.start_gw(0)
        for i in range(1, len(self.ports)):
            self.start_gw(i)
        self.start_nginx()

    def stop(self):
        for name in list(self.procs):
            self._stop(name, signal.SIGINT if name == "postgres" else signal.SIGTERM)

    # -- helpers ---------------------------------------------------------
    def lb(self, path):
        return f"http://127.0.0.1:{self.lb_port}{path}"

    def at(self, i, path):
        return f"http://127.0.0.1:{self.ports[i]}{path}"

    def redis(self, *args):
        """One Redis command over RESP; a bulk or integer reply (None for nil)."""
        cmd = f"*{len(args)}\r\n" + "".join(f"${len(str(a).encode())}\r\n{a}\r\n" for a in args)
        with socket.create_connection(("127.0.0.1", self.redis_port), timeout=2) as s:
            s.sendall(cmd.encode())
            f = s.makefile("rb")
            head = f.readline().decode().rstrip("\r\n")
            if head[0] == ":":
                return int(head[1:])
            if head[0] == "$":
                n = int(head[1:])
                return None if n < 0 else f.read(n + 2)[:-2].decode()
            return head

    def psql(self, sql):
        out = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U",
                              "gw", "-d", "postgres", "-c", sql], check=True, capture_output=True, text=True).stdout
        return [line.split("|") for line in out.strip().splitlines() if line]
