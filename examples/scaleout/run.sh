#!/usr/bin/env bash
# examples/scaleout/run.sh - three gw instances on one machine sharing one
# PostgreSQL and one Redis, behind nginx round-robin, with gw mock as the
# provider: the layout of docs/scale-out.md, to try it out. The same
# cluster the scale-out suite tests (tests/scaleout/cluster.py).
#
#   examples/scaleout/run.sh [GW_BIN]     (as root: PostgreSQL and Redis run
#                                          as the postgres or nobody user)
#
# Prints the load balancer's URL, the master key and the database URL, then
# waits; Ctrl-C stops everything it started.
# Needs postgresql, redis-server, nginx and python3 (./setup.sh test installs them).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GW=${1:-$ROOT/build/gw}
exec python3 - "$ROOT" "$GW" <<'PY'
import signal, sys, time
sys.path.insert(0, sys.argv[1] + "/tests/scaleout")
from cluster import MASTER, Cluster

c = Cluster(sys.argv[2])
try:
    c.start()
    print(f"load balancer  {c.lb('/v1/chat/completions')}")
    print(f"instances      " + ", ".join(c.at(i, '') for i in range(len(c.ports))))
    print(f"master key     {MASTER}")
    print(f"database       {c.db_url}")
    print(f"redis          redis://127.0.0.1:{c.redis_port}")
    print(f"try: curl -s {c.lb('/v1/chat/completions')} -H 'Authorization: Bearer {MASTER}' "
          "-d '{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'")
    print("Ctrl-C stops everything.", flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    c.stop()
PY
