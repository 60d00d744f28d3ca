#!/usr/bin/env bash
# tests/bench/run.sh - measure what gw adds on top of its upstream (SPEC §4).
#
#   tests/bench/run.sh [--quick] [--duration SECONDS] [--rounds N] [--soak MINUTES]
#   (or ./setup.sh bench ...)
#
# Starts, on loopback only and on free ports:
#   direct  gw mock                      the fake upstream (baseline)
#   nginx   nginx -> gw mock             a reference proxy hop (keepalive 64)
#   tls-direct  nginx TLS -> gw mock     an HTTPS upstream: nginx as a TLS
#                                        terminator (HTTP/2 or 1.1) in front of
#                                        the mock, with a throwaway CA
#                                        (tests/support/make_test_ca.sh)
#   gw-tls  gw serve -> nginx TLS -> gw mock   the full pipeline to an HTTPS
#                                        provider (openai/gpt-4o-mini, its
#                                        base_url the TLS terminator, the CA
#                                        trusted through [upstream] ca_file)
#   gw      gw serve -> gw mock          the full gateway pipeline
#   gw-shared  gw serve -> gw mock       the same pipeline on shared state
#                                        (docs/scale-out.md): a second gw
#                                        serve with [redis] url and
#                                        [database] url = "postgres://...",
#                                        a redis-server and PostgreSQL the
#                                        bench starts in its work dir
#                                        (tests/bench/shared_stores.sh)
#   slow    gw mock --chunk-delay-ms 10  an upstream that waits 10 ms before
#                                        each stream chunk (TTFB phase)
# then drives direct, nginx, gw and gw-shared with wrk (--latency, tests/bench/chat.lua)
# at 1 connection (1 thread) and 64 connections (2 threads), the response
# cache the same way (gw-hit: a temperature-0 request answered from the
# cache; gw-miss: the same with x-gw-cache: write, keyed, sent upstream and
# stored every time), the HTTPS path the same way (tls-direct, gw-tls), plus
# one streaming run at 1 connection through gw and direct. The runs are repeated
# in --rounds N (default 3) interleaved rounds, so that a slow spell of a
# shared machine hits every target alike. Prints one table, each row the
# median of its rounds (target, conns, requests/s, p50 and p99 latency in
# microseconds, each the median of its own), gw's added
# p50 latency at 1 connection, the gw/nginx throughput ratio at 64
# connections, gw-shared's rps at 64 connections and added p50 at 1
# connection beside gw's (Redis + PostgreSQL beside the embedded default),
# gw's peak RSS over the whole run and during each gw target's own runs
# (sampled every 0.1 s), its thread count after the runs; for HTTPS,
# gw's added p50 at 1 connection over tls-direct, the gw-tls/tls-direct
# throughput ratio and gw-tls's p99 at 64 connections; writes the same to
# build/bench/result.json.
#
# Time to first byte: gw is restarted (same database, same user) with the
# slow mock as its upstream, and 200 sequential streaming requests (50 with
# --quick), one curl each, go directly to the slow mock and 200 through gw.
# Reports p50 and p99 time to first byte and p50 total time for each, and
# what gw adds to both at p50 (target for the first: within 500 us; a gw
# that held chunks back would show a TTFB near the total).
#
# --soak MINUTES (at least 2; off by default): after the wrk runs, drives gw
# at 64 connections (2 threads) for MINUTES more, sampling its VmRSS every
# 10 s; reports RSS at the first sample after 1 minute, the largest in the
# last minute and overall, the requests and rps, and "flat" if the last
# minute's largest is within 5% (or 2 MB, whichever is larger) of the
# 1-minute sample, else "growing".
#
# At the end gw is stopped and the ledger checked over every request of the
# run (wrk, soak, TTFB): every answered request (access log) has one usage
# row; every billed request (answered, or a stream cut by wrk as a run ends:
# 499, billed for what it produced) has exactly one charge in the ledger and
# every charge a request; the stored balance equals the sum of the user's
# ledger entries; and no request wrk or curl saw answered is missing from
# the access log. gw-shared is stopped after the wrk runs and the same
# check runs against PostgreSQL (also: every hold ended); its redis-server
# and PostgreSQL are then stopped. A gw still writing its queue 10 s after
# SIGTERM is killed (its ledger then falls short) and the run fails, saying
# how far behind it was.
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
TTFB_REQUESTS=200    # per target in the TTFB phase (50 with --quick)
SLOW_CHUNK_DELAY_MS=10
SOAK_MIN=0           # --soak MINUTES; 0 = no soak
ROUNDS=3             # --rounds N: each wrk run is repeated N times, interleaved
SOAK_SAMPLE_S=10     # the soak's RSS sampling interval

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# The header comment, from line 2 to the first line that is not a comment.
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }

while (($# > 0)); do
  case "$1" in
    --quick) DURATION_S=3 TTFB_REQUESTS=50 ;;
    --duration)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--duration needs a whole number of seconds"
      DURATION_S=$2; shift ;;
    --rounds)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a whole number, at least 1"
      ROUNDS=$2; shift ;;
    --soak)
      [[ ${2:-} =~ ^[1-9][0-9]*$ && $2 -ge 2 ]] ||
        die "--soak needs a whole number of minutes, at least 2 (the first minute is the baseline)"
      SOAK_MIN=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done

for tool in wrk nginx curl timeout sqlite3 openssl psql redis-server setpriv; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run ./setup.sh bench to install it)"
done
[[ -x "$GW" ]] || die "$GW not found (build it with ./setup.sh build)"
# shellcheck source=tests/bench/ttfb_and_rss.sh
source "$BENCH_DIR/ttfb_and_rss.sh"
# shellcheck source=tests/bench/gw_config.sh
source "$BENCH_DIR/gw_config.sh"
# shellcheck source=tests/bench/shared_stores.sh
source "$BENCH_DIR/shared_stores.sh"

# --- processes we start, and their cleanup ----------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench.XXXXXX")
STARTED_PIDS=()
PROBLEMS=()   # what makes the run fail, reported after the table

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

# start_bg LOG CMD...: runs CMD in the background, its output in LOG, to be
# stopped on exit; leaves its pid in LAST_PID (a $(...) would lose it).
LAST_PID=""
start_bg() {
  local logfile=$1
  shift
  "$@" >"$logfile" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

# forget_pid PID: PID (exited and waited for) is no longer stopped on exit.
forget_pid() {
  local p keep=()
  for p in "${STARTED_PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  STARTED_PIDS=("${keep[@]}")
}

# stop_now NAME PID: SIGTERM, then up to 10 s for PID to exit; after that
# PID is no longer stopped on exit. Returns 1 if PID had to be killed (a
# problem: the run goes on, and fails at the end).
stop_now() {
  local name=$1 pid=$2 i rc=0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    PROBLEMS+=("$name did not stop within 10 s of SIGTERM and was killed")
    kill -KILL "$pid" 2>/dev/null || true
    rc=1
  fi
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
  return "$rc"
}

MODEL=mock/echo-priced   # $1/$2 per million tokens: every request is charged
BENCH_KEY=""             # the bench user's key, made below
# body_for [stream [usage]]: a chat request; "stream" asks for SSE, "usage"
# also for the usage chunk (stream_options.include_usage, which gw always
# asks of its upstream).
body_for() {
  local extra=""
  [[ ${1:-} == stream ]] && extra=',"stream":true'
  [[ ${2:-} == usage ]] && extra+=',"stream_options":{"include_usage":true}'
  printf '{"model":"%s","messages":[{"role":"user","content":"hi"}]%s}' "$MODEL" "$extra"
}

# check_answers NAME URL [stream [MODEL]]: one sample request must answer 200.
check_answers() {
  local name=$1 url=$2 code
  code=$(MODEL=${4:-$MODEL} && curl -sS -o "$WORK/check.out" -w '%{http_code}' --max-time 5 \
    --cacert "$WORK/tls/ca.pem" -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_KEY" \
    --data "$(body_for "${3:-}")" "$url" 2>"$WORK/check.err") || code="curl failed"
  if [[ $code != 200 ]]; then
    log "sample request to $name ($url) got: $code"
    show_log "$WORK/check.out"; show_log "$WORK/check.err"
    die "$name does not answer POST /v1/chat/completions with 200"
  fi
}

# --- start the targets ------------------------------------------------------

MOCK_PORT=$(pick_port)
SLOW_MOCK_PORT=$(pick_port)
NGINX_PORT=$(pick_port)
TLS_PORT=$(pick_port)
GW_PORT=$(pick_port)
TLS_MODEL=openai/gpt-4o-mini  # gw's openai provider is the mock behind nginx's TLS
"$ROOT/tests/support/make_test_ca.sh" "$WORK/tls"

# The mock runs its defaults: one event loop per CPU core, which serves any
# number of keep-alive connections (nginx's, gw's and wrk's).
log "starting gw mock on 127.0.0.1:$MOCK_PORT"
start_bg "$WORK/mock.log" "$GW" mock --host 127.0.0.1 --port "$MOCK_PORT"
MOCK_PID=$LAST_PID
wait_ready "gw mock" "$MOCK_PID" "http://127.0.0.1:$MOCK_PORT/health" "$WORK/mock.log"

# Only sequential requests reach the slow mock (the TTFB phase).
log "starting gw mock --chunk-delay-ms $SLOW_CHUNK_DELAY_MS on 127.0.0.1:$SLOW_MOCK_PORT"
start_bg "$WORK/slow-mock.log" "$GW" mock --host 127.0.0.1 --port "$SLOW_MOCK_PORT" \
  --chunk-delay-ms "$SLOW_CHUNK_DELAY_MS"
SLOW_MOCK_PID=$LAST_PID
wait_ready "slow gw mock" "$SLOW_MOCK_PID" "http://127.0.0.1:$SLOW_MOCK_PORT/health" "$WORK/slow-mock.log"

log "starting nginx on 127.0.0.1:$NGINX_PORT (TLS terminator on $TLS_PORT)"
user_line=""
((EUID == 0)) && user_line="user $(id -un) $(id -gn);"
sed -e "s|@PREFIX@|$WORK|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@TLS_PORT@|$TLS_PORT|g" \
  -e "s|@UPSTREAM_PORT@|$MOCK_PORT|g" -e "s|@USER_LINE@|$user_line|g" \
  "$BENCH_DIR/nginx.conf.in" >"$WORK/nginx.conf"
start_bg "$WORK/nginx.log" nginx -p "$WORK" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" -g 'daemon off;'
NGINX_PID=$LAST_PID
wait_ready "nginx" "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/__nginx_ready" "$WORK/nginx-error.log"

# write_gw_config UPSTREAM_PORT: gw's config, its mock provider at that port.
write_gw_config() { write_bench_config "$WORK/config.toml" "$WORK" "$1" "$TLS_PORT"; }
# gw gets its own XDG dirs so nothing outside $WORK is read or written.
gw_cmd() {
  XDG_CONFIG_HOME="$WORK/xdg-config" XDG_DATA_HOME="$WORK/xdg-data" \
    "$GW" --config "$WORK/config.toml" --db "$WORK/gw.db" "$@"
}

# start_gw UPSTREAM_PORT LOG: gw serve on GW_PORT with its mock provider at
# UPSTREAM_PORT; every start shares the database (so the bench user and its
# ledger) and the access log. Sets GW_PID.
start_gw() {
  write_gw_config "$1"
  log "starting gw serve on 127.0.0.1:$GW_PORT (upstream 127.0.0.1:$1)"
  start_bg "$2" env XDG_CONFIG_HOME="$WORK/xdg-config" XDG_DATA_HOME="$WORK/xdg-data" \
    GW_MASTER_KEY="gw_bench_master_$RANDOM$RANDOM" \
    "$GW" --config "$WORK/config.toml" --db "$WORK/gw.db" serve --host 127.0.0.1 --port "$GW_PORT"
  GW_PID=$LAST_PID  # env execs gw: the same process
  wait_ready "gw serve" "$GW_PID" "http://127.0.0.1:$GW_PORT/health" "$2"
}

sql() { sqlite3 -batch -noheader "$WORK/gw.db" "$1"; }
answered_requests() { grep -c '"route":"/v1/chat/completions".*"status":200' "$WORK/access.log" || true; }

# stop_gw: a graceful stop, in which gw writes what is queued (usage rows,
# ledger, access log). A gw still writing after 10 s is killed, and the
# problem says how far its ledger was behind the answers.
stop_gw() {
  local charges_before answered_before
  charges_before=$(sql "SELECT count(*) FROM ledger WHERE kind = 'charge'" 2>/dev/null || echo "?")
  answered_before=$(answered_requests)
  stop_now "gw serve" "$GW_PID" ||
    PROBLEMS+=("gw serve was still writing: when it was told to stop, its ledger had $charges_before charges for $answered_before answered requests (its usage writer fell behind)")
}

write_gw_config "$MOCK_PORT"
gw_cmd users create bench --plan enterprise --json >"$WORK/user.json" 2>"$WORK/user.err" ||
  { show_log "$WORK/user.err"; die "could not create the bench user"; }
BENCH_KEY=$(sed -n 's/.*"secret": *"\(gw_[A-Za-z0-9_-]*\)".*/\1/p' "$WORK/user.json" | head -n 1)
[[ -n $BENCH_KEY ]] || { show_log "$WORK/user.json"; die "no key in gw users create's answer"; }
gw_cmd credits add bench 1000000 --note "benchmark" >/dev/null 2>"$WORK/credits.err" ||
  { show_log "$WORK/credits.err"; die "could not credit the bench user"; }
start_gw "$MOCK_PORT" "$WORK/gw.log"

# gw-shared: its own config (the same plus [redis] and [database] url), XDG
# dirs, access log and bench user, on PostgreSQL and redis-server.
start_shared_stores
SHARED_PORT=$(pick_port)
mkdir -p "$WORK/shared"
write_bench_config "$WORK/shared.toml" "$WORK/shared" "$MOCK_PORT"
cat >>"$WORK/shared.toml" <<TOML

[database]
url = "$SHARED_DB_URL"

[redis]
url = "redis://127.0.0.1:$REDIS_PORT"
TOML
# An array, not a function: start_bg's pid must be gw's (env execs it).
# On PostgreSQL every instance (and the CLI) needs the same secret key.
SHARED_SECRET=$(openssl rand -base64 32 | tr '+/' '-_')
shared_cmd=(env -u GW_DB XDG_CONFIG_HOME="$WORK/shared/xdg-config" XDG_DATA_HOME="$WORK/shared/xdg-data"
  GW_MASTER_KEY="gw_bench_master_shared" GW_SECRET_KEY="$SHARED_SECRET" "$GW" --config "$WORK/shared.toml")
"${shared_cmd[@]}" users create bench --plan enterprise --json >"$WORK/shared-user.json" 2>"$WORK/shared-user.err" ||
  { show_log "$WORK/shared-user.err"; die "could not create the bench user on PostgreSQL"; }
SHARED_KEY=$(sed -n 's/.*"secret": *"\(gw_[A-Za-z0-9_-]*\)".*/\1/p' "$WORK/shared-user.json" | head -n 1)
[[ -n $SHARED_KEY ]] || { show_log "$WORK/shared-user.json"; die "no key in gw users create's answer (PostgreSQL)"; }
"${shared_cmd[@]}" credits add bench 1000000 --note "benchmark" >/dev/null 2>"$WORK/shared-credits.err" ||
  { show_log "$WORK/shared-credits.err"; die "could not credit the bench user on PostgreSQL"; }
log "starting gw serve (shared: Redis + PostgreSQL) on 127.0.0.1:$SHARED_PORT"
start_bg "$WORK/gw-shared.log" "${shared_cmd[@]}" serve --host 127.0.0.1 --port "$SHARED_PORT"
SHARED_PID=$LAST_PID
wait_ready "gw serve (shared)" "$SHARED_PID" "http://127.0.0.1:$SHARED_PORT/health" "$WORK/gw-shared.log"

DIRECT_URL="http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
SLOW_URL="http://127.0.0.1:$SLOW_MOCK_PORT/v1/chat/completions"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/v1/chat/completions"
GW_URL="http://127.0.0.1:$GW_PORT/v1/chat/completions"
SHARED_URL="http://127.0.0.1:$SHARED_PORT/v1/chat/completions"
TLS_URL="https://127.0.0.1:$TLS_PORT/v1/chat/completions"
check_answers "gw mock" "$DIRECT_URL"
check_answers "nginx" "$NGINX_URL"
check_answers "gw serve" "$GW_URL"
BENCH_KEY=$SHARED_KEY check_answers "gw serve (shared)" "$SHARED_URL"
check_answers "nginx TLS" "$TLS_URL"
check_answers "gw serve -> nginx TLS" "$GW_URL" "" "$TLS_MODEL"
check_answers "gw mock (stream)" "$DIRECT_URL" stream
check_answers "gw serve (stream)" "$GW_URL" stream
check_answers "slow gw mock (stream)" "$SLOW_URL" stream

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

# median V...: the middle value (for an even count, the mean of the two
# middle ones, rounded); nothing if a value is missing.
median() {
  local v
  for v in "$@"; do [[ -n $v ]] || return 0; done
  printf '%s\n' "$@" | sort -n |
    awk '{ a[NR] = $1 } END { printf "%.0f\n", (a[int((NR + 1) / 2)] + a[int(NR / 2) + 1]) / 2 }'
}

# collapse_rounds: one row per (target, conns), in first-run order: the
# median rps, p50 and p99 of its rounds; requests and errors summed.
collapse_rounds() {
  local t=() c=() th=() st=() rps=() p50=() p99=() reqs=() bad=() errs=() i j
  local -A seen=()
  for i in "${!R_TARGET[@]}"; do
    local key="${R_TARGET[$i]}/${R_CONNS[$i]}"
    [[ -n ${seen[$key]:-} ]] && continue
    seen[$key]=1
    local v_rps=() v_p50=() v_p99=() n_reqs=0 n_bad=0 n_errs=0
    for j in "${!R_TARGET[@]}"; do
      [[ "${R_TARGET[$j]}/${R_CONNS[$j]}" == "$key" ]] || continue
      v_rps+=("${R_RPS[$j]}") v_p50+=("${R_P50[$j]}") v_p99+=("${R_P99[$j]}")
      n_reqs=$((n_reqs + R_REQS[j])) n_bad=$((n_bad + R_BAD[j])) n_errs=$((n_errs + R_ERRS[j]))
    done
    t+=("${R_TARGET[$i]}") c+=("${R_CONNS[$i]}") th+=("${R_THREADS[$i]}") st+=("${R_STREAM[$i]}")
    rps+=("$(median "${v_rps[@]}")") p50+=("$(median "${v_p50[@]}")") p99+=("$(median "${v_p99[@]}")")
    reqs+=("$n_reqs") bad+=("$n_bad") errs+=("$n_errs")
  done
  R_TARGET=("${t[@]}") R_CONNS=("${c[@]}") R_THREADS=("${th[@]}") R_STREAM=("${st[@]}")
  R_RPS=("${rps[@]}") R_P50=("${p50[@]}") R_P99=("${p99[@]}") R_REQS=("${reqs[@]}")
  R_BAD=("${bad[@]}") R_ERRS=("${errs[@]}")
}

# wrk_run SECONDS THREADS CONNS URL MODE OUTFILE [MODEL]
# wrk runs in the background and is waited for, so that a signal stops the
# run at once (bash runs traps only after a foreground command ends).
wrk_run() {
  local pid
  start_bg "$6" timeout $(($1 + 30)) wrk -t"$2" -c"$3" -d"$1"s --timeout 5s --latency -s "$LUA" "$4" \
    -- "$5" "$BENCH_KEY" "${7:-$MODEL}"
  pid=$LAST_PID
  wait "$pid" || { show_log "$6"; die "wrk against $4 failed"; }
  forget_pid "$pid"
}

# measure TARGET URL CONNS THREADS [MODE [SECONDS [MODEL]]]: one recorded
# wrk run, a row of the table (MODE json or stream, default json; SECONDS
# default DURATION_S; MODEL default $MODEL).
measure() {
  local target=$1 url=$2 conns=$3 threads=$4 mode=${5:-json} seconds=${6:-$DURATION_S} out started
  out="$WORK/wrk-$target-c$conns-r${round:-1}.txt"
  log "wrk $target: $conns connection(s), ${seconds}s"
  started=$(now_ms)
  wrk_run "$seconds" "$threads" "$conns" "$url" "$mode" "$out" "${7:-$MODEL}"
  W_TARGET+=("$target") W_FROM+=("$started") W_TO+=("$(now_ms)")
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
  log "  -> ${rps:-0} rps, p50 ${p50:-?} us, p99 ${p99:-?} us"
}

for target in direct nginx gw gw-shared tls-direct gw-tls; do
  case $target in
    direct) url=$DIRECT_URL ;; nginx) url=$NGINX_URL ;; gw | gw-tls) url=$GW_URL ;; tls-direct) url=$TLS_URL ;;
    gw-shared) url=$SHARED_URL ;;
  esac
  log "warm-up $target (${WARMUP_S}s)"
  BENCH_KEY=$([[ $target == gw-shared ]] && echo "$SHARED_KEY" || echo "$BENCH_KEY") wrk_run "$WARMUP_S" 2 64 "$url" json "$WORK/wrk-$target-warmup.txt" "$([[ $target == gw-tls ]] && echo "$TLS_MODEL")"
done
# gw's VmRSS every 0.1 s through the rounds: the peak of each target's own
# runs is reported beside the whole run's (VmHWM), which is the largest of
# them all (targets run one after another in the same gw process).
W_TARGET=() W_FROM=() W_TO=()
start_bg "$WORK/rss-trace.log" rss_sampler "$GW_PID" 0.1 "$WORK/gw-rss.txt" 0
RSS_TRACE_PID=$LAST_PID
# Rounds interleave the targets, so a slow spell of a shared machine falls
# on all of them rather than on one.
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round of $ROUNDS"
  for target in direct nginx gw gw-shared; do
    case $target in
      direct) url=$DIRECT_URL ;; nginx) url=$NGINX_URL ;; gw) url=$GW_URL ;; gw-shared) url=$SHARED_URL ;;
    esac
    key=$([[ $target == gw-shared ]] && echo "$SHARED_KEY" || echo "$BENCH_KEY")
    BENCH_KEY=$key measure "$target" "$url" 1 1
    BENCH_KEY=$key measure "$target" "$url" 64 2
  done
  # The response cache: the same deterministic request answered from it
  # (hit), and keyed, sent upstream and stored every time (miss).
  for target in gw-hit gw-miss; do
    measure "$target" "$GW_URL" 1 1 "${target#gw-}"
    measure "$target" "$GW_URL" 64 2 "${target#gw-}"
  done
  # The HTTPS path: nginx's TLS terminator alone, and gw in front of it.
  measure tls-direct "$TLS_URL" 1 1
  measure tls-direct "$TLS_URL" 64 2
  measure gw-tls "$GW_URL" 1 1 json "$DURATION_S" "$TLS_MODEL"
  measure gw-tls "$GW_URL" 64 2 json "$DURATION_S" "$TLS_MODEL"
  measure direct-stream "$DIRECT_URL" 1 1 stream
  measure gw-stream "$GW_URL" 1 1 stream
done
collapse_rounds
stop_now "the RSS tracer" "$RSS_TRACE_PID" || true
# RSS_PEAK_KB[target]: each gw target's largest RSS sample during its own
# runs (all rounds, 1 and 64 connections); RSS_TARGETS in run order.
declare -A RSS_PEAK_KB=()
RSS_TARGETS=()
for i in "${!W_TARGET[@]}"; do
  wt=${W_TARGET[$i]}
  if [[ $wt != gw* || $wt == gw-shared ]]; then continue; fi
  peak=$(rss_peak_between "$WORK/gw-rss.txt" "${W_FROM[$i]}" "${W_TO[$i]}")
  if [[ $peak == - ]]; then continue; fi
  if [[ -z ${RSS_PEAK_KB[$wt]:-} ]]; then RSS_TARGETS+=("$wt"); fi
  if ((peak > ${RSS_PEAK_KB[$wt]:-0})); then RSS_PEAK_KB[$wt]=$peak; fi
done

# still_up NAME PID LOG WHEN: dies with LOG's tail if PID has exited.
still_up() {
  kill -0 "$2" 2>/dev/null || { show_log "$3"; die "$1 exited during $4"; }
}
still_up "gw serve" "$GW_PID" "$WORK/gw.log" "the runs"
still_up "gw mock" "$MOCK_PID" "$WORK/mock.log" "the runs"
still_up "gw serve (shared)" "$SHARED_PID" "$WORK/gw-shared.log" "the runs"
rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$GW_PID/status")
gw_threads=$(awk '/^Threads:/ { print $2 }' "/proc/$GW_PID/status")

# gw-shared's books, on PostgreSQL: stopped gracefully (its writer flushes),
# then checked like the SQLite instance's below, then its stores stopped.
shared_seen=0
for i in "${!R_TARGET[@]}"; do
  [[ ${R_TARGET[$i]} == gw-shared ]] && shared_seen=$((shared_seen + R_REQS[i]))
done
stop_now "gw serve (shared)" "$SHARED_PID" ||
  PROBLEMS+=("gw serve (shared) was still writing its queue 10 s after SIGTERM")
shared_ledger_check "$WORK/shared/access.log" "$shared_seen"
stop_shared_stores

# --- soak ---------------------------------------------------------------------

SOAK_S=$((SOAK_MIN * 60))
if ((SOAK_MIN > 0)); then
  log "soak: gw at 64 connections for $SOAK_MIN min, its VmRSS sampled every ${SOAK_SAMPLE_S}s"
  start_bg "$WORK/soak-sampler.log" rss_sampler "$GW_PID" "$SOAK_SAMPLE_S" "$WORK/soak-rss.txt"
  SAMPLER_PID=$LAST_PID
  measure gw-soak "$GW_URL" 64 2 json "$SOAK_S"
  stop_now "the RSS sampler" "$SAMPLER_PID" || true
  still_up "gw serve" "$GW_PID" "$WORK/gw.log" "the soak"
  soak_verdict "$WORK/soak-rss.txt" "$SOAK_S"
fi

# --- time to first byte ---------------------------------------------------------

# gw restarts with the slow mock as its upstream: the same database, user,
# key and access log, so these requests are billed and checked like the rest.
stop_gw
start_gw "$SLOW_MOCK_PORT" "$WORK/gw-slow.log"
check_answers "gw serve -> slow gw mock (stream)" "$GW_URL" stream  # and opens gw's upstream connection
ttfb_run direct-slow "$SLOW_URL" "$TTFB_REQUESTS"
ttfb_run gw-slow "$GW_URL" "$TTFB_REQUESTS"
still_up "slow gw mock" "$SLOW_MOCK_PID" "$WORK/slow-mock.log" "the TTFB runs"
# difference B A: B - A, or nothing if either is missing.
difference() { [[ -z $1 || -z $2 ]] || echo $(($1 - $2)); }
ttfb_added_p50=$(difference "${T_P50[1]}" "${T_P50[0]}")
ttfb_added_total_p50=$(difference "${T_TOTAL_P50[1]}" "${T_TOTAL_P50[0]}")

# --- ledger check -------------------------------------------------------------

stop_gw
answered=$(answered_requests)
ledger_counts sql
# Every request wrk completed against gw (measured runs and the soak; any
# non-2xx is already a problem) and every 200 curl saw through gw must be in
# the access log, beside the warm-ups and sample checks.
wrk_total=0
for i in "${!R_TARGET[@]}"; do
  [[ ${R_TARGET[$i]} == gw* && ${R_TARGET[$i]} != gw-shared ]] && wrk_total=$((wrk_total + R_REQS[i]))
done
seen_total=$((wrk_total + T_OK[1]))
ledger_ok=true
if [[ $answered != "$usage_rows" || $charges != "$distinct_charges" || $charges != "$billed_rows" ||
  $uncharged != 0 || $orphan_charges != 0 || $unbalanced != 0 ]] || ((answered < seen_total)); then
  ledger_ok=false
  PROBLEMS+=("ledger check failed: answered $answered (wrk and curl saw $seen_total), usage rows $usage_rows (200) and $cut_rows (499), billed $billed_rows, charges $charges ($distinct_charges distinct), billed without a charge $uncharged, charges without a usage row $orphan_charges, unbalanced users $unbalanced")
fi

# --- report -----------------------------------------------------------------

# index_of TARGET CONNS: the row of that run; nothing if there is none.
index_of() {
  local i
  for i in "${!R_TARGET[@]}"; do
    [[ ${R_TARGET[$i]} == "$1" && ${R_CONNS[$i]} == "$2" ]] && { echo "$i"; return; }
  done
  return 0
}
i_direct1=$(index_of direct 1); i_gw1=$(index_of gw 1)
i_nginx64=$(index_of nginx 64); i_gw64=$(index_of gw 64)
i_shared1=$(index_of gw-shared 1); i_shared64=$(index_of gw-shared 64)
i_soak=$(index_of gw-soak 64)
i_hit1=$(index_of gw-hit 1); i_miss1=$(index_of gw-miss 1)
i_hit64=$(index_of gw-hit 64); i_miss64=$(index_of gw-miss 64)
i_tls1=$(index_of tls-direct 1); i_gwtls1=$(index_of gw-tls 1)
i_tls64=$(index_of tls-direct 64); i_gwtls64=$(index_of gw-tls 64)

added_p50=$(difference "${R_P50[$i_gw1]}" "${R_P50[$i_direct1]}")
shared_added_p50=$(difference "${R_P50[$i_shared1]}" "${R_P50[$i_direct1]}")
hit_added_p50=$(difference "${R_P50[$i_hit1]}" "${R_P50[$i_direct1]}")
miss_added_p50=$(difference "${R_P50[$i_miss1]}" "${R_P50[$i_direct1]}")
rps_ratio=$(awk -v g="${R_RPS[$i_gw64]}" -v n="${R_RPS[$i_nginx64]}" \
  'BEGIN { if (n > 0) printf "%.2f", g / n }')
tls_added_p50=$(difference "${R_P50[$i_gwtls1]}" "${R_P50[$i_tls1]}")
tls_rps_ratio=$(awk -v g="${R_RPS[$i_gwtls64]}" -v n="${R_RPS[$i_tls64]}" \
  'BEGIN { if (n > 0) printf "%.2f", g / n }')
# mb KB: KB in MB with one decimal; "-" stays "-".
mb() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.1f", k / 1024; else printf "-" }'; }
rss_mb=$(mb "$rss_kb")

{
  echo "median of $ROUNDS round(s) of ${DURATION_S}s per row (requests summed)"
  printf '%-14s %5s %9s %9s %9s\n' target conns rps p50_us p99_us
  for i in "${!R_TARGET[@]}"; do
    printf '%-14s %5s %9s %9s %9s\n' "${R_TARGET[$i]}" "${R_CONNS[$i]}" "${R_RPS[$i]}" \
      "${R_P50[$i]:--}" "${R_P99[$i]:--}"
  done
  echo
  echo "gw added latency p50 at 1 conn: ${added_p50:-?} us (gw p50 - direct p50)"
  echo "gw/nginx rps ratio at 64 conns: ${rps_ratio:-?}"
  echo "shared state (Redis + PostgreSQL) beside the embedded default: rps at 64 conns gw-shared" \
    "${R_RPS[$i_shared64]:-?}, gw ${R_RPS[$i_gw64]:-?}; added p50 at 1 conn gw-shared ${shared_added_p50:-?} us," \
    "gw ${added_p50:-?} us"
  echo "gw-shared ledger (PostgreSQL): $SHARED_LEDGER -> $([[ $SHARED_LEDGER_OK == true ]] && echo OK || echo FAILED)"
  echo "gw peak RSS: $rss_mb MB over the whole run (VmHWM); threads after the runs: ${gw_threads:-?}"
  line="gw peak RSS during each target's runs:"
  for t in "${RSS_TARGETS[@]}"; do line+=" $t $(mb "${RSS_PEAK_KB[$t]}") MB,"; done
  echo "${line%,}"
  echo "HTTPS upstream: gw added p50 at 1 conn ${tls_added_p50:-?} us (gw-tls - tls-direct; target <= 30)," \
    "gw-tls/tls-direct rps at 64 conns ${tls_rps_ratio:-?} (target >= 0.6)," \
    "gw-tls p99 at 64 conns ${R_P99[$i_gwtls64]:-?} us (target <= 10000)"
  echo "response cache at 1 conn, p50 over direct: hit ${hit_added_p50:-?} us, miss ${miss_added_p50:-?} us;" \
    "at 64 conns: hit ${R_RPS[$i_hit64]} rps, miss ${R_RPS[$i_miss64]} rps (the upstream answers in" \
    "${R_P50[$i_direct1]} us at p50; a hit asks no upstream)"
  echo
  printf '%-14s %5s %9s %9s %12s\n' ttfb_target reqs p50_us p99_us total_p50_us
  for i in "${!T_NAME[@]}"; do
    printf '%-14s %5s %9s %9s %12s\n' "${T_NAME[$i]}" "${T_OK[$i]}" "${T_P50[$i]:--}" \
      "${T_P99[$i]:--}" "${T_TOTAL_P50[$i]:--}"
  done
  echo "gw added time to first byte p50: ${ttfb_added_p50:-?} us (target: within 500 us;" \
    "the upstream waits ${SLOW_CHUNK_DELAY_MS} ms before each stream chunk)"
  echo "gw added total time p50: ${ttfb_added_total_p50:-?} us (chunks held back would show here)"
  if ((SOAK_MIN > 0)); then
    echo "soak: $SOAK_MIN min at 64 conns, ${R_REQS[$i_soak]} requests, ${R_RPS[$i_soak]} rps;" \
      "gw RSS $(mb "$SOAK_RSS_1MIN_KB") MB at 1 min, $(mb "$SOAK_RSS_LAST_KB") MB max in the last minute," \
      "$(mb "$SOAK_RSS_MAX_KB") MB max ($SOAK_SAMPLES samples) -> $SOAK_VERDICT"
  fi
  echo "ledger: $answered answered (access log) and $usage_rows usage rows with 200, $cut_rows streams cut by" \
    "the client (499); $billed_rows billed requests, $charges charges ($distinct_charges distinct request ids)," \
    "$uncharged billed without a charge, $orphan_charges charges without a request, $unbalanced unbalanced users;" \
    "wrk counted $wrk_total in the measured gw runs" \
    "and the soak, curl ${T_OK[1]} in the TTFB run (warm-ups and checks not included)" \
    "-> $([[ $ledger_ok == true ]] && echo OK || echo FAILED)"
}

json_num() { [[ -n ${1:-} && $1 != - ]] && printf '%s' "$1" || printf 'null'; }
# ttfb_json I: the TTFB figures of T_NAME[I] as a JSON object.
ttfb_json() {
  printf '{"ok": %s, "p50_us": %s, "p99_us": %s, "total_p50_us": %s}' "${T_OK[$1]}" \
    "$(json_num "${T_P50[$1]}")" "$(json_num "${T_P99[$1]}")" "$(json_num "${T_TOTAL_P50[$1]}")"
}
mkdir -p "$RESULT_DIR"
{
  printf '{\n'
  printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  "cpus": %s,\n' "$(getconf _NPROCESSORS_ONLN)"
  printf '  "duration_s": %s,\n' "$DURATION_S"
  printf '  "rounds": %s,\n' "$ROUNDS"
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
  printf '  "shared": {"redis_and_postgres": true, "rps_at_64_conns": %s, "added_p50_us_at_1_conn": %s, ' \
    "$(json_num "${R_RPS[$i_shared64]}")" "$(json_num "$shared_added_p50")"
  printf '"embedded_rps_at_64_conns": %s, "embedded_added_p50_us_at_1_conn": %s, "ledger_ok": %s, "ledger": "%s"},\n' \
    "$(json_num "${R_RPS[$i_gw64]}")" "$(json_num "$added_p50")" "$SHARED_LEDGER_OK" "$SHARED_LEDGER"
  printf '  "gw_peak_rss_kb": %s,\n' "$(json_num "$rss_kb")"
  printf '  "gw_peak_rss_kb_by_target": {'
  sep=""
  for t in "${RSS_TARGETS[@]}"; do printf '%s"%s": %s' "$sep" "$t" "${RSS_PEAK_KB[$t]}"; sep=", "; done
  printf '},\n'
  printf '  "gw_threads": %s,\n' "$(json_num "$gw_threads")"
  printf '  "tls": {"gw_added_p50_us_at_1_conn": %s, "gw_direct_rps_ratio_at_64_conns": %s, "gw_p99_us_at_64_conns": %s},\n' \
    "$(json_num "$tls_added_p50")" "$(json_num "$tls_rps_ratio")" "$(json_num "${R_P99[$i_gwtls64]}")"
  printf '  "cache": {"hit_added_p50_us_at_1_conn": %s, "miss_added_p50_us_at_1_conn": %s, ' \
    "$(json_num "$hit_added_p50")" "$(json_num "$miss_added_p50")"
  printf '"hit_rps_at_64_conns": %s, "miss_rps_at_64_conns": %s},\n' \
    "$(json_num "${R_RPS[$i_hit64]}")" "$(json_num "${R_RPS[$i_miss64]}")"
  printf '  "gw_peak_rss_mb": %s,\n' "$(json_num "$rss_mb")"
  printf '  "ttfb": {"upstream_chunk_delay_ms": %s, "requests": %s, "direct": %s, "gw": %s, ' \
    "$SLOW_CHUNK_DELAY_MS" "$TTFB_REQUESTS" "$(ttfb_json 0)" "$(ttfb_json 1)"
  printf '"gw_added_p50_us": %s, "gw_added_total_p50_us": %s},\n' \
    "$(json_num "$ttfb_added_p50")" "$(json_num "$ttfb_added_total_p50")"
  if ((SOAK_MIN > 0)); then
    printf '  "soak": {"minutes": %s, "conns": 64, "threads": 2, "requests": %s, "rps": %s, ' \
      "$SOAK_MIN" "${R_REQS[$i_soak]}" "${R_RPS[$i_soak]}"
    printf '"sample_interval_s": %s, "rss_samples": %s, "rss_kb_at_1_min": %s, ' \
      "$SOAK_SAMPLE_S" "$SOAK_SAMPLES" "$(json_num "$SOAK_RSS_1MIN_KB")"
    printf '"rss_kb_last_minute_max": %s, "rss_kb_max": %s, "verdict": "%s"},\n' \
      "$(json_num "$SOAK_RSS_LAST_KB")" "$(json_num "$SOAK_RSS_MAX_KB")" "$SOAK_VERDICT"
  else
    printf '  "soak": null,\n'
  fi
  printf '  "ledger": {"answered": %s, "charges": %s, "distinct_charges": %s, "usage_rows": %s, "cut_by_client": %s, ' \
    "$answered" "$charges" "$distinct_charges" "$usage_rows" "$cut_rows"
  printf '"billed": %s, "billed_without_charge": %s, "charges_without_request": %s, "unbalanced_users": %s, "ok": %s}\n' \
    "$billed_rows" "$uncharged" "$orphan_charges" "$unbalanced" "$ledger_ok"
  printf '}\n'
} >"$RESULT_DIR/result.json"
log "wrote $RESULT_DIR/result.json"

if ((${#PROBLEMS[@]} > 0)); then
  for p in "${PROBLEMS[@]}"; do log "warning: $p"; done
  die "some runs had errors; the figures above are not trustworthy"
fi
