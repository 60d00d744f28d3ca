#!/usr/bin/env bash
# tests/bench/run.sh - measure what gw adds on top of its upstream (SPEC §4).
#
#   tests/bench/run.sh [--quick] [--duration SECONDS]   (or ./setup.sh bench)
#
# Starts, on loopback only and on free ports:
#   direct  gw mock                      the fake upstream (baseline)
#   nginx   nginx -> gw mock             a reference proxy hop (keepalive 64)
#   gw      gw serve -> gw mock          the full gateway pipeline
# then drives each with wrk (--latency, tests/bench/chat.lua) at 1 connection
# (1 thread) and 64 connections (2 threads), plus one streaming run at
# 1 connection through gw and direct. Prints one table (target, conns,
# requests/s, p50 and p99 latency in microseconds), gw's added p50 latency at
# 1 connection, the gw/nginx throughput ratio at 64 connections and gw's peak
# RSS; writes the same to build/bench/result.json. After the runs gw is
# stopped and the ledger checked: every answered request (access log) has
# exactly one charge in the ledger and one usage row, and the stored balance
# equals the sum of the user's ledger entries.
#
# Each run lasts 10 s (3 s with --quick). Everything it starts is stopped on
# exit or Ctrl-C. Exits non-zero if a process does not come up, a target does
# not answer 200 to a sample request, or any run saw errors.
#
# Environment: GW_BIN (default build/gw).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR="$ROOT/tests/bench"
GW=${GW_BIN:-$ROOT/build/gw}
RESULT_DIR="$ROOT/build/bench"
LUA="$BENCH_DIR/chat.lua"
READY_TIMEOUT_S=10   # per process, for /health to answer
DURATION_S=10        # per wrk run
WARMUP_S=1           # one unrecorded 64-connection run per target

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

while (($# > 0)); do
  case "$1" in
    --quick) DURATION_S=3 ;;
    --duration)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--duration needs a whole number of seconds"
      DURATION_S=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done

for tool in wrk nginx curl timeout sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run ./setup.sh bench to install it)"
done
[[ -x "$GW" ]] || die "$GW not found (build it with ./setup.sh build)"

# --- processes we start, and their cleanup ----------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench.XXXXXX")
STARTED_PIDS=()

stop_started() {
  local rc=$? pid i
  trap - EXIT INT TERM
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if ((rc == 0)); then
    rm -rf "$WORK"
  else
    log "logs kept in $WORK"
  fi
  exit "$rc"
}
trap stop_started EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints the last lines of a log file, indented, to stderr.
show_log() {
  if [[ -s "$1" ]]; then tail -n 20 "$1" | sed 's/^/    /' >&2; fi
}

# Prints a loopback TCP port that nothing is bound to or connected from.
# Ports come from 20000-32767, below Linux's ephemeral range, so outgoing
# connections do not take them between the check and the bind.
TAKEN_PORTS=" "
pick_port() {
  local port hex tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((20000 + RANDOM % 12768))
    [[ $TAKEN_PORTS == *" $port "* ]] && continue
    hex=$(printf '%04X' "$port")
    if ! grep -qs ":$hex " /proc/net/tcp /proc/net/tcp6; then
      TAKEN_PORTS+="$port "
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "no free loopback port found"
}

# wait_ready NAME PID URL LOG: poll URL until it answers 2xx, NAME's process
# exits, or READY_TIMEOUT_S passes.
wait_ready() {
  local name=$1 pid=$2 url=$3 logfile=$4 i
  for ((i = 0; i < READY_TIMEOUT_S * 10; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited while starting; its log:"; show_log "$logfile"
      die "$name did not come up on $url"
    fi
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  log "$name log:"; show_log "$logfile"
  die "$name did not answer $url within ${READY_TIMEOUT_S}s"
}

MODEL=mock/echo-priced   # $1/$2 per million tokens: every request is charged
BENCH_KEY=""             # the bench user's key, made below
body_for() {
  local stream=${1:-}
  printf '{"model":"%s","messages":[{"role":"user","content":"hi"}]%s}' "$MODEL" \
    "${stream:+,\"stream\":true}"
}

# check_answers NAME URL [stream]: one sample request must answer 200.
check_answers() {
  local name=$1 url=$2 code
  code=$(curl -sS -o "$WORK/check.out" -w '%{http_code}' --max-time 5 \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_KEY" \
    --data "$(body_for "${3:-}")" "$url" 2>"$WORK/check.err") || code="curl failed"
  if [[ $code != 200 ]]; then
    log "sample request to $name ($url) got: $code"
    show_log "$WORK/check.out"; show_log "$WORK/check.err"
    die "$name does not answer POST /v1/chat/completions with 200"
  fi
}

# --- start the three targets ------------------------------------------------

MOCK_PORT=$(pick_port)
NGINX_PORT=$(pick_port)
GW_PORT=$(pick_port)

# The mock serves each keep-alive connection on its own thread until the peer
# closes it, and nginx (keepalive 64) and gw keep their idle upstream
# connections open between runs; with the default 64 threads a later run's
# new connections would wait for a free thread. 256 covers nginx's 64, gw's
# pool (at most one per gw thread, 64 by default) and wrk's 64.
MOCK_THREADS=256
log "starting gw mock on 127.0.0.1:$MOCK_PORT"
"$GW" mock --host 127.0.0.1 --port "$MOCK_PORT" --threads "$MOCK_THREADS" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
STARTED_PIDS+=("$MOCK_PID")
wait_ready "gw mock" "$MOCK_PID" "http://127.0.0.1:$MOCK_PORT/health" "$WORK/mock.log"

log "starting nginx on 127.0.0.1:$NGINX_PORT"
user_line=""
((EUID == 0)) && user_line="user $(id -un) $(id -gn);"
sed -e "s|@PREFIX@|$WORK|g" -e "s|@PORT@|$NGINX_PORT|g" \
  -e "s|@UPSTREAM_PORT@|$MOCK_PORT|g" -e "s|@USER_LINE@|$user_line|g" \
  "$BENCH_DIR/nginx.conf.in" >"$WORK/nginx.conf"
nginx -p "$WORK" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" -g 'daemon off;' \
  >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!
STARTED_PIDS+=("$NGINX_PID")
wait_ready "nginx" "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/__nginx_ready" "$WORK/nginx-error.log"

log "starting gw serve on 127.0.0.1:$GW_PORT"
cat >"$WORK/config.toml" <<TOML
[providers.mock]
base_url = "http://127.0.0.1:$MOCK_PORT/v1"

[log]
access_log = "$WORK/access.log"

# The limiter counts every request, but a benchmark must not be refused.
[plans.enterprise]
requests_per_minute = 100000000
tokens_per_day = 1000000000000
tokens_per_month = 1000000000000
concurrent_requests = 4096
TOML
# gw gets its own XDG dirs so nothing outside $WORK is read or written.
gw_cmd() {
  XDG_CONFIG_HOME="$WORK/xdg-config" XDG_DATA_HOME="$WORK/xdg-data" \
    "$GW" --config "$WORK/config.toml" --db "$WORK/gw.db" "$@"
}
gw_cmd users create bench --plan enterprise --json >"$WORK/user.json" 2>"$WORK/user.err" ||
  { show_log "$WORK/user.err"; die "could not create the bench user"; }
BENCH_KEY=$(sed -n 's/.*"secret": *"\(gw_[A-Za-z0-9_-]*\)".*/\1/p' "$WORK/user.json" | head -n 1)
[[ -n $BENCH_KEY ]] || { show_log "$WORK/user.json"; die "no key in gw users create's answer"; }
gw_cmd credits add bench 1000000 --note "benchmark" >/dev/null 2>"$WORK/credits.err" ||
  { show_log "$WORK/credits.err"; die "could not credit the bench user"; }
# Started directly (not through gw_cmd) so that $! is gw itself.
XDG_CONFIG_HOME="$WORK/xdg-config" XDG_DATA_HOME="$WORK/xdg-data" GW_MASTER_KEY="gw_bench_master_$RANDOM$RANDOM" \
  "$GW" --config "$WORK/config.toml" --db "$WORK/gw.db" serve --host 127.0.0.1 --port "$GW_PORT" \
  >"$WORK/gw.log" 2>&1 &
GW_PID=$!
STARTED_PIDS+=("$GW_PID")
wait_ready "gw serve" "$GW_PID" "http://127.0.0.1:$GW_PORT/health" "$WORK/gw.log"

DIRECT_URL="http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/v1/chat/completions"
GW_URL="http://127.0.0.1:$GW_PORT/v1/chat/completions"
check_answers "gw mock" "$DIRECT_URL"
check_answers "nginx" "$NGINX_URL"
check_answers "gw serve" "$GW_URL"
check_answers "gw mock (stream)" "$DIRECT_URL" stream
check_answers "gw serve (stream)" "$GW_URL" stream

# --- wrk runs ---------------------------------------------------------------

# Converts a wrk duration ("41.20us", "1.05ms", "2.00s", "1.00m") to whole
# microseconds; prints nothing for anything else.
to_us() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) f = 1; else if (v ~ /ms$/) f = 1e3; else if (v ~ /s$/) f = 1e6
    else if (v ~ /m$/) f = 6e7; else if (v ~ /h$/) f = 3.6e9; else exit
    printf "%.0f\n", n * f }'
}

R_TARGET=() R_CONNS=() R_THREADS=() R_STREAM=() R_RPS=() R_P50=() R_P99=() R_REQS=() R_BAD=() R_ERRS=()
PROBLEMS=()

# wrk_run SECONDS THREADS CONNS URL MODE OUTFILE
wrk_run() {
  timeout $(($1 + 30)) wrk -t"$2" -c"$3" -d"$1"s --timeout 5s --latency -s "$LUA" "$4" \
    -- "$5" "$BENCH_KEY" "$MODEL" >"$6" 2>&1 || { show_log "$6"; die "wrk against $4 failed"; }
}

# measure TARGET URL CONNS THREADS [stream]
measure() {
  local target=$1 url=$2 conns=$3 threads=$4 mode=${5:-json} out
  out="$WORK/wrk-$target-c$conns.txt"
  log "wrk $target: $conns connection(s), ${DURATION_S}s"
  wrk_run "$DURATION_S" "$threads" "$conns" "$url" "$mode" "$out"
  local rps p50 p99 reqs bad errs
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
  reqs=$(awk '/requests in/ { print $1 }' "$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  errs=$(awk '/Socket errors:/ { s = 0; for (i = 3; i <= NF; i++) s += $i; print s }' "$out")
  if [[ ${reqs:-0} == 0 ]]; then
    p50="" p99=""  # wrk prints 0.00us when nothing completed
    PROBLEMS+=("$target c$conns: no request completed (see $out)")
  elif [[ -z $p50 || -z $p99 ]]; then
    PROBLEMS+=("$target c$conns: no latency figures from wrk (see $out)")
  fi
  R_TARGET+=("$target") R_CONNS+=("$conns") R_THREADS+=("$threads")
  R_STREAM+=("$([[ $mode == stream ]] && echo true || echo false)")
  R_RPS+=("${rps:-0}") R_P50+=("${p50:-}") R_P99+=("${p99:-}") R_REQS+=("${reqs:-0}")
  R_BAD+=("${bad:-0}") R_ERRS+=("${errs:-0}")
  if ((${bad:-0} > 0 || ${errs:-0} > 0)); then
    PROBLEMS+=("$target c$conns: ${bad:-0} non-2xx responses, ${errs:-0} socket errors")
  fi
}

for target in direct nginx gw; do
  case $target in
    direct) url=$DIRECT_URL ;; nginx) url=$NGINX_URL ;; gw) url=$GW_URL ;;
  esac
  log "warm-up $target (${WARMUP_S}s)"
  wrk_run "$WARMUP_S" 2 64 "$url" json "$WORK/wrk-$target-warmup.txt"
  measure "$target" "$url" 1 1
  measure "$target" "$url" 64 2
done
measure direct-stream "$DIRECT_URL" 1 1 stream
measure gw-stream "$GW_URL" 1 1 stream

kill -0 "$GW_PID" 2>/dev/null || { show_log "$WORK/gw.log"; die "gw serve exited during the runs"; }
kill -0 "$MOCK_PID" 2>/dev/null || { show_log "$WORK/mock.log"; die "gw mock exited during the runs"; }
rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$GW_PID/status")

# --- ledger check -------------------------------------------------------------

# A graceful stop writes what is queued (usage, ledger, access log).
kill -TERM "$GW_PID"
for ((i = 0; i < 100; i++)); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$GW_PID" 2>/dev/null && die "gw serve did not stop within 10 s of SIGTERM"
sql() { sqlite3 -batch -noheader "$WORK/gw.db" "$1"; }
answered=$(grep -c '"route":"/v1/chat/completions".*"status":200' "$WORK/access.log" || true)
charges=$(sql "SELECT count(*) FROM ledger WHERE kind = 'charge'")
distinct_charges=$(sql "SELECT count(DISTINCT request_id) FROM ledger WHERE kind = 'charge'")
usage_rows=$(sql "SELECT count(*) FROM usage_log WHERE status = 200")
unbalanced=$(sql "SELECT count(*) FROM users u WHERE u.allowance_units + u.purchased_units <>
  (SELECT coalesce(sum(l.allowance_units + l.purchased_units), 0) FROM ledger l WHERE l.user_id = u.id)")
wrk_total=0
for i in "${!R_TARGET[@]}"; do
  [[ ${R_TARGET[$i]} == gw* ]] && wrk_total=$((wrk_total + R_REQS[i]))
done
ledger_ok=true
if [[ $answered != "$charges" || $charges != "$distinct_charges" || $charges != "$usage_rows" || $unbalanced != 0 ]]; then
  ledger_ok=false
  PROBLEMS+=("ledger check failed: answered $answered, charges $charges ($distinct_charges distinct), usage rows $usage_rows, unbalanced users $unbalanced")
fi

# --- report -----------------------------------------------------------------

# index_of TARGET CONNS: the row of that run.
index_of() {
  local i
  for i in "${!R_TARGET[@]}"; do
    [[ ${R_TARGET[$i]} == "$1" && ${R_CONNS[$i]} == "$2" ]] && { echo "$i"; return; }
  done
}
i_direct1=$(index_of direct 1); i_gw1=$(index_of gw 1)
i_nginx64=$(index_of nginx 64); i_gw64=$(index_of gw 64)

added_p50=""
if [[ -n ${R_P50[$i_gw1]} && -n ${R_P50[$i_direct1]} ]]; then
  added_p50=$((R_P50[i_gw1] - R_P50[i_direct1]))
fi
rps_ratio=$(awk -v g="${R_RPS[$i_gw64]}" -v n="${R_RPS[$i_nginx64]}" \
  'BEGIN { if (n > 0) printf "%.2f", g / n }')
rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')

{
  printf '%-14s %5s %9s %9s %9s\n' target conns rps p50_us p99_us
  for i in "${!R_TARGET[@]}"; do
    printf '%-14s %5s %9s %9s %9s\n' "${R_TARGET[$i]}" "${R_CONNS[$i]}" "${R_RPS[$i]}" \
      "${R_P50[$i]:--}" "${R_P99[$i]:--}"
  done
  echo
  echo "gw added latency p50 at 1 conn: ${added_p50:-?} us (gw p50 - direct p50)"
  echo "gw/nginx rps ratio at 64 conns: ${rps_ratio:-?}"
  echo "gw peak RSS: $rss_mb MB"
  echo "ledger: $answered answered (access log), $charges charges ($distinct_charges distinct request ids)," \
    "$usage_rows usage rows, $unbalanced unbalanced users; wrk counted $wrk_total in the measured gw runs" \
    "(warm-up and checks not included) -> $([[ $ledger_ok == true ]] && echo OK || echo FAILED)"
}

json_num() { [[ -n ${1:-} ]] && printf '%s' "$1" || printf 'null'; }
mkdir -p "$RESULT_DIR"
{
  printf '{\n'
  printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  "cpus": %s,\n' "$(getconf _NPROCESSORS_ONLN)"
  printf '  "duration_s": %s,\n' "$DURATION_S"
  printf '  "runs": [\n'
  for i in "${!R_TARGET[@]}"; do
    printf '    {"target": "%s", "conns": %s, "threads": %s, "stream": %s, "rps": %s, ' \
      "${R_TARGET[$i]}" "${R_CONNS[$i]}" "${R_THREADS[$i]}" "${R_STREAM[$i]}" "${R_RPS[$i]}"
    printf '"p50_us": %s, "p99_us": %s, "requests": %s, "non_2xx": %s, "socket_errors": %s}' \
      "$(json_num "${R_P50[$i]}")" "$(json_num "${R_P99[$i]}")" "${R_REQS[$i]}" \
      "${R_BAD[$i]}" "${R_ERRS[$i]}"
    ((i + 1 < ${#R_TARGET[@]})) && printf ',\n' || printf '\n'
  done
  printf '  ],\n'
  printf '  "gw_added_latency_p50_us_at_1_conn": %s,\n' "$(json_num "$added_p50")"
  printf '  "gw_nginx_rps_ratio_at_64_conns": %s,\n' "$(json_num "$rps_ratio")"
  printf '  "gw_peak_rss_kb": %s,\n' "$(json_num "$rss_kb")"
  printf '  "gw_peak_rss_mb": %s,\n' "$(json_num "$rss_mb")"
  printf '  "ledger": {"answered": %s, "charges": %s, "distinct_charges": %s, "usage_rows": %s, "unbalanced_users": %s, "ok": %s}\n' \
    "$answered" "$charges" "$distinct_charges" "$usage_rows" "$unbalanced" "$ledger_ok"
  printf '}\n'
} >"$RESULT_DIR/result.json"
log "wrote $RESULT_DIR/result.json"

if ((${#PROBLEMS[@]} > 0)); then
  for p in "${PROBLEMS[@]}"; do log "warning: $p"; done
  die "some runs had errors; the figures above are not trustworthy"
fi
