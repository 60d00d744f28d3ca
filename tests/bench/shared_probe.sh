#!/usr/bin/env bash
# tests/bench/shared_probe.sh - what bounds gw on Redis + PostgreSQL: a short
# probe beside the full benchmark (run.sh), for docs/scale-out.md.
#
# Starts gw mock, an embedded gw (SQLite) and gw-shared (PostgreSQL with
# pg_stat_statements, redis-server; shared_stores.sh), each configured as
# run.sh configures them (gw_config.sh), then for each case below runs wrk
# at 64 connections (rps) and at 1 connection (p50), several rounds
# interleaved, and prints per case: rps, p50, p99, the CPU seconds each
# process used per 1,000 requests (gw, postgres, redis, mock, wrk), and the
# statements PostgreSQL ran per request (pg_stat_statements, top 5).
#
#   embedded   gw on SQLite, the user's key            (the reference)
#   user       gw-shared, the user's key               (a hold per request)
#   owner      gw-shared, the master key               (no hold, usage rows only)
#   noredis    gw-shared without [redis], user's key   (PostgreSQL alone)
#
# Usage: shared_probe.sh [--duration S] [--rounds N] [--cases "user owner"]
#        [--lease N]  ([database] lease_requests of gw-shared; unset: default)
# Environment: GW_BIN (default build/gw). Everything it starts is stopped on
# exit; the ledger check of run.sh runs on PostgreSQL at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR="$ROOT/tests/bench"
GW=${GW_BIN:-$ROOT/build/gw}
LUA="$BENCH_DIR/chat.lua"
MODEL=mock/echo-priced
READY_TIMEOUT_S=10
DURATION_S=4
ROUNDS=2
CASES="embedded user owner noredis"
LEASE=""

log() { printf 'probe: %s\n' "$*" >&2; }
die() { printf 'probe: error: %s\n' "$*" >&2; exit 1; }
while (($# > 0)); do
  case "$1" in
    --duration) DURATION_S=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --cases) CASES=$2; shift ;;
    --lease) LEASE=$2; shift ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done
[[ -x "$GW" ]] || die "$GW not found"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gw-probe.XXXXXX")
STARTED_PIDS=()
PROBLEMS=()
LAST_PID=""
start_bg() { local f=$1; shift; "$@" >"$f" 2>&1 & LAST_PID=$!; STARTED_PIDS+=("$LAST_PID"); }
stop_now() {
  local i
  kill -TERM "$2" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$2" 2>/dev/null && { kill -KILL "$2"; PROBLEMS+=("$1 killed after 10 s"); }
  wait "$2" 2>/dev/null || true
}
cleanup() {
  local rc=$? pid
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  ((rc == 0)) && rm -rf "$WORK" || log "logs kept in $WORK"
}
trap cleanup EXIT
show_log() { [[ -s "$1" ]] && tail -n 20 "$1" | sed 's/^/    /' >&2 || true; }
pick_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12768))
    grep -qs ":$(printf '%04X' "$port") " /proc/net/tcp /proc/net/tcp6 || { echo "$port"; return; }
  done
}
wait_ready() {
  local i
  for ((i = 0; i < READY_TIMEOUT_S * 10; i++)); do
    kill -0 "$2" 2>/dev/null || { show_log "$4"; die "$1 exited while starting"; }
    curl -fsS -o /dev/null --max-time 1 "$3" 2>/dev/null && return 0
    sleep 0.1
  done
  die "$1 did not come up"
}
# shellcheck source=tests/bench/gw_config.sh
source "$BENCH_DIR/gw_config.sh"
# shellcheck source=tests/bench/shared_stores.sh
source "$BENCH_DIR/shared_stores.sh"

# new_user CMD... : creates user "bench" with $1,000,000 through CMD; prints its key.
new_user() {
  "$@" users create bench --plan enterprise --json >"$WORK/user.json" 2>"$WORK/user.err" || { show_log "$WORK/user.err"; die "users create"; }
  "$@" credits add bench 1000000 >/dev/null 2>"$WORK/credits.err" || { show_log "$WORK/credits.err"; die "credits add"; }
  sed -n 's/.*"secret": *"\(gw_[A-Za-z0-9_-]*\)".*/\1/p' "$WORK/user.json" | head -n 1
}

MOCK_PORT=$(pick_port)
start_bg "$WORK/mock.log" "$GW" mock --host 127.0.0.1 --port "$MOCK_PORT"
MOCK_PID=$LAST_PID
wait_ready "gw mock" "$MOCK_PID" "http://127.0.0.1:$MOCK_PORT/health" "$WORK/mock.log"

# The embedded gw.
mkdir -p "$WORK/emb"
write_bench_config "$WORK/emb.toml" "$WORK/emb" "$MOCK_PORT"
emb_cmd=(env XDG_CONFIG_HOME="$WORK/emb/xdg" XDG_DATA_HOME="$WORK/emb/xdg" GW_MASTER_KEY=gw_probe_master_emb
  "$GW" --config "$WORK/emb.toml" --db "$WORK/emb/gw.db")
EMB_KEY=$(new_user "${emb_cmd[@]}")
EMB_PORT=$(pick_port)
start_bg "$WORK/emb.log" "${emb_cmd[@]}" serve --host 127.0.0.1 --port "$EMB_PORT"
EMB_PID=$LAST_PID
wait_ready "gw (embedded)" "$EMB_PID" "http://127.0.0.1:$EMB_PORT/health" "$WORK/emb.log"

# PostgreSQL with pg_stat_statements, and Redis.
PG_EXTRA=(-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c max_connections=300)
start_shared_stores
pg_sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
SECRET=$(openssl rand -base64 32 | tr '+/' '-_')
# start_shared NAME REDIS(yes|no) [URL]: a gw-shared instance; sets SH_PID, SH_PORT.
start_shared() {
  mkdir -p "$WORK/$1"
  write_bench_config "$WORK/$1.toml" "$WORK/$1" "$MOCK_PORT"
  printf '\n[database]\nurl = "%s"\n' "${3:-$SHARED_DB_URL}" >>"$WORK/$1.toml"
  [[ -n $LEASE ]] && printf 'lease_requests = %s\n' "$LEASE" >>"$WORK/$1.toml"
  [[ $2 == yes ]] && printf '\n[redis]\nurl = "redis://127.0.0.1:%s"\n' "$REDIS_PORT" >>"$WORK/$1.toml"
  SH_CMD=(env -u GW_DB XDG_CONFIG_HOME="$WORK/$1/xdg" XDG_DATA_HOME="$WORK/$1/xdg" GW_MASTER_KEY=gw_probe_master_sh
    GW_SECRET_KEY="$SECRET" "$GW" --config "$WORK/$1.toml")
  SH_PORT=$(pick_port)
  start_bg "$WORK/$1.log" "${SH_CMD[@]}" serve --host 127.0.0.1 --port "$SH_PORT"
  SH_PID=$LAST_PID
  wait_ready "gw-shared ($1)" "$SH_PID" "http://127.0.0.1:$SH_PORT/health" "$WORK/$1.log"
}
start_shared shared yes
SHARED_PID=$SH_PID SHARED_PORT=$SH_PORT
SHARED_KEY=$(new_user "${SH_CMD[@]}")
start_shared noredis no
NOREDIS_PID=$SH_PID NOREDIS_PORT=$SH_PORT
# The owner's traffic goes to its own database: its usage rows are not
# charged, so they stay out of the ledger check below.
pg_sql "CREATE DATABASE owner" >/dev/null
start_shared owner yes "${SHARED_DB_URL%/*}/owner"
OWNER_PID=$SH_PID OWNER_PORT=$SH_PORT

# cpu_of PID...: their CPU time in clock ticks (utime + stime).
cpu_of() { local s=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && s=$((s + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$s"; }
pg_pids() { pgrep -d ' ' -x postgres || true; }
TICKS=$(getconf CLK_TCK)

# run_case CASE CONNS: one wrk run; prints "rps p50 p99 requests" and, at 64
# connections, per-process CPU per 1,000 requests.
run_case() {
  local c=$1 conns=$2 url key pid out
  case $c in
    embedded) url="http://127.0.0.1:$EMB_PORT" key=$EMB_KEY pid=$EMB_PID ;;
    user) url="http://127.0.0.1:$SHARED_PORT" key=$SHARED_KEY pid=$SHARED_PID ;;
    owner) url="http://127.0.0.1:$OWNER_PORT" key=gw_probe_master_sh pid=$OWNER_PID ;;
    noredis) url="http://127.0.0.1:$NOREDIS_PORT" key=$SHARED_KEY pid=$NOREDIS_PID ;;
  esac
  out="$WORK/wrk-$c-$conns.txt"
  local g0 p0 r0 m0
  g0=$(cpu_of "$pid") p0=$(cpu_of $(pg_pids)) r0=$(cpu_of "$REDIS_PID") m0=$(cpu_of "$MOCK_PID")
  pg_sql "SELECT pg_stat_statements_reset()" >/dev/null
  redis-cli -p "$REDIS_PORT" CONFIG RESETSTAT >/dev/null
  wrk -t"$((conns > 1 ? 2 : 1))" -c"$conns" -d"${DURATION_S}s" --timeout 5s --latency -s "$LUA" \
    "$url/v1/chat/completions" -- json "$key" "$MODEL" >"$out" 2>&1
  local reqs rps p50 p99 bad
  reqs=$(awk '/requests in/ { print $1 }' "$out")
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2 }' "$out") p99=$(awk '$1 == "99%" { print $2 }' "$out")
  bad=$(awk '/Non-2xx/ { print $NF }' "$out")
  [[ -n $bad ]] && PROBLEMS+=("$c c$conns: $bad non-2xx")
  printf '%-9s c%-3s %7s rps  p50 %-9s p99 %-9s' "$c" "$conns" "$rps" "$p50" "$p99"
  if ((conns > 1 && reqs > 0)); then
    awk -v g=$(($(cpu_of "$pid") - g0)) -v p=$(($(cpu_of $(pg_pids)) - p0)) -v r=$(($(cpu_of "$REDIS_PID") - r0)) \
      -v m=$(($(cpu_of "$MOCK_PID") - m0)) -v n="$reqs" -v t="$TICKS" -v d="$DURATION_S" \
      'BEGIN { k = 1000 / n / t * 1000; printf "  cpu ms/1k req: gw %.0f pg %.0f redis %.0f mock %.0f (cores: gw %.2f pg %.2f)", g*k, p*k, r*k, m*k, g/t/d, p/t/d }'
    echo
    pg_sql "SELECT round(calls::numeric / $reqs, 3) || ' x ' || round(mean_exec_time::numeric, 3) || 'ms  ' || left(regexp_replace(query, '\s+', ' ', 'g'), 90)
      FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 5" | sed 's/^/      /'
    redis-cli -p "$REDIS_PORT" INFO commandstats | tr -d '\r' | awk -F'[:=,]' -v n="$reqs" \
      '/^cmdstat_/ && $3 / n >= 0.01 { printf "      redis %s: %.2f per request, %s us each\n", substr($1, 9), $3 / n, $7 }'
  else
    echo
  fi
}

for c in $CASES; do run_case "$c" 64 >/dev/null; done  # warm-up
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round"
  for c in $CASES; do run_case "$c" 64; run_case "$c" 1; done
done

stop_now "gw-shared" "$SHARED_PID"
stop_now "gw-shared (noredis)" "$NOREDIS_PID"
stop_now "gw-shared (owner)" "$OWNER_PID"
cat "$WORK"/shared/access.log "$WORK"/noredis/access.log >"$WORK/all-access.log" 2>/dev/null || true
shared_ledger_check "$WORK/all-access.log" 0
echo "ledger (PostgreSQL): $SHARED_LEDGER -> $SHARED_LEDGER_OK"
stop_shared_stores
((${#PROBLEMS[@]} == 0)) || { printf 'problem: %s\n' "${PROBLEMS[@]}" >&2; exit 1; }
