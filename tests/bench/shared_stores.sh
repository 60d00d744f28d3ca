# tests/bench/shared_stores.sh - sourced by run.sh: the gw-shared target's
# PostgreSQL and redis-server (docs/scale-out.md), started in the bench's
# work dir on free loopback ports and stopped by the bench, and the ledger
# check of what gw-shared billed, run against PostgreSQL; and ledger_counts,
# the ledger queries that check and run.sh's (SQLite) both run.
#
# Uses run.sh's WORK, pick_port, start_bg, stop_now, log, die and PROBLEMS.
# PostgreSQL refuses to run as root: as root, both servers run as the
# postgres user (or nobody), as tests/scaleout/cluster.py does; WORK is then
# made traversable (mode 711) so that user reaches its data directory.

# pg_tool NAME: the path of a PostgreSQL server program (initdb, postgres),
# which Debian keeps out of PATH.
pg_tool() {
  local found
  found=$(command -v "$1" 2>/dev/null || true)
  [[ -z $found ]] && found=$(ls -1d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
  [[ -n $found ]] || die "$1 not found (run ./setup.sh bench: it installs postgresql)"
  printf '%s\n' "$found"
}

# STORE_AS: the prefix that runs a command as the unprivileged user when we
# are root (empty otherwise); an array, so start_bg's pid is the server's.
STORE_AS=()

# start_shared_stores: initdb + postgres and redis-server (no persistence);
# postgres also gets the options in the array PG_EXTRA, if set.
# Sets PG_PORT, PG_PID, REDIS_PORT, REDIS_PID and SHARED_DB_URL.
start_shared_stores() {
  local initdb postgres data="$WORK/pg" i
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found (run ./setup.sh bench to install it)"
  command -v psql >/dev/null 2>&1 || die "psql not found (run ./setup.sh bench: it installs postgresql)"
  initdb=$(pg_tool initdb) postgres=$(pg_tool postgres)
  mkdir -p "$data" "$WORK/redis"
  if ((EUID == 0)); then
    local user
    user=$(id -un postgres 2>/dev/null || id -un nobody 2>/dev/null) ||
      die "no unprivileged user (postgres or nobody) to run PostgreSQL as"
    STORE_AS=(setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups)
    chmod 711 "$WORK"
    chown "$user" "$data" "$WORK/redis"
  fi
  PG_PORT=$(pick_port) REDIS_PORT=$(pick_port)
  "${STORE_AS[@]}" "$initdb" -D "$data" -U gw -A trust --no-sync -E UTF8 >"$WORK/initdb.log" 2>&1 ||
    { show_log "$WORK/initdb.log"; die "initdb failed"; }
  log "starting postgres on 127.0.0.1:$PG_PORT and redis-server on 127.0.0.1:$REDIS_PORT"
  start_bg "$WORK/postgres.log" "${STORE_AS[@]}" "$postgres" -D "$data" -p "$PG_PORT" -k "$data" \
    -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100 ${PG_EXTRA[@]+"${PG_EXTRA[@]}"}
  PG_PID=$LAST_PID  # setpriv execs postgres: the same process
  start_bg "$WORK/redis.log" "${STORE_AS[@]}" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" \
    --appendonly no --dir "$WORK/redis"
  REDIS_PID=$LAST_PID
  for ((i = 0; i < READY_TIMEOUT_S * 10; i++)); do
    kill -0 "$PG_PID" 2>/dev/null || { show_log "$WORK/postgres.log"; die "postgres exited while starting"; }
    pg_sql "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.1
  done
  pg_sql "SELECT 1" >/dev/null 2>&1 || { show_log "$WORK/postgres.log"; die "postgres did not come up"; }
  SHARED_DB_URL="postgres://gw@127.0.0.1:$PG_PORT/postgres"
}

# stop_shared_stores: a fast shutdown of postgres (SIGINT), then redis.
stop_shared_stores() {
  kill -INT "$PG_PID" 2>/dev/null || true
  stop_now "postgres" "$PG_PID" || true
  stop_now "redis-server" "$REDIS_PID" || true
}

pg_sql() { psql -X -A -t -q -h 127.0.0.1 -p "$PG_PORT" -U gw -d postgres -c "$1"; }

# shared_ledger_check ACCESS_LOG SEEN: after gw-shared stopped (its writer
# flushed): every answered request has one usage row, every billed request
# exactly one charge and every charge a request, every hold and balance
# lease ended (gw-shared gives its leases back as it stops), and each
# balance equals the sum of its ledger; at least SEEN requests (what wrk and
# curl saw answered) are in the access log. Sets SHARED_LEDGER (a summary)
# and SHARED_LEDGER_OK (true or false).
shared_ledger_check() {
  local answered holds
  answered=$(grep -c '"route":"/v1/chat/completions".*"status":200' "$1" || true)
  ledger_counts pg_sql
  holds=$(pg_sql "SELECT count(*) + coalesce((SELECT sum(reserved_units) FROM users), 0)
    + (SELECT count(*) FROM leases) FROM holds")
  SHARED_LEDGER="$answered answered, $usage_rows usage rows with 200, $billed_rows billed, $charges charges"
  SHARED_LEDGER+=" ($distinct_charges distinct), $uncharged billed without a charge, $orphan_charges charges without"
  SHARED_LEDGER+=" a request, $unbalanced unbalanced users, $holds open holds+leases/reserved units; wrk and curl saw $2"
  SHARED_LEDGER_OK=true
  if [[ $answered != "$usage_rows" || $charges != "$distinct_charges" || $charges != "$billed_rows" ||
    $uncharged != 0 || $orphan_charges != 0 || $unbalanced != 0 || $holds != 0 ]] || ((answered < $2)); then
    SHARED_LEDGER_OK=false
    PROBLEMS+=("gw-shared ledger check (PostgreSQL) failed: $SHARED_LEDGER")
  fi
}

# ledger_counts RUNNER: the ledger figures both checks compare, RUNNER (sql
# or pg_sql) running each query: charges, distinct_charges, usage_rows
# (status 200), cut_rows (499: a stream wrk cut when a run ended, billed for
# what it produced, which must have its one charge too), billed_rows,
# uncharged (billed without a charge), orphan_charges (a charge without a
# request) and unbalanced (users whose balance is not the sum of their
# ledger).
ledger_counts() {
  charges=$("$1" "SELECT count(*) FROM ledger WHERE kind = 'charge'")
  distinct_charges=$("$1" "SELECT count(DISTINCT request_id) FROM ledger WHERE kind = 'charge'")
  usage_rows=$("$1" "SELECT count(*) FROM usage_log WHERE status = 200")
  cut_rows=$("$1" "SELECT count(*) FROM usage_log WHERE status = 499")
  billed_rows=$("$1" "SELECT count(*) FROM usage_log WHERE cost_units > 0")
  uncharged=$("$1" "SELECT count(*) FROM usage_log u WHERE u.cost_units > 0 AND NOT EXISTS
    (SELECT 1 FROM ledger l WHERE l.request_id = u.request_id AND l.kind = 'charge')")
  orphan_charges=$("$1" "SELECT count(*) FROM ledger l WHERE l.kind = 'charge' AND NOT EXISTS
    (SELECT 1 FROM usage_log u WHERE u.request_id = l.request_id)")
  unbalanced=$("$1" "SELECT count(*) FROM users u WHERE u.allowance_units + u.purchased_units <>
    (SELECT coalesce(sum(l.allowance_units + l.purchased_units), 0) FROM ledger l WHERE l.user_id = u.id)")
}
