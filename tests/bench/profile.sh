#!/usr/bin/env bash
# tests/bench/profile.sh - where gw serve's time goes, per request.
#
#   tests/bench/profile.sh [--perf] [--conns N] [--seconds S]
#
# Starts gw mock and gw serve (the benchmark's full pipeline: a user's key on
# the Enterprise plan with raised limits, the priced mock model, access log
# on) on free loopback ports, and drives gw with wrk.
#
#   default   callgrind (valgrind): counts the instructions of every thread of
#             gw serve while wrk runs, then prints the instructions per
#             request and the gw functions with the largest inclusive share.
#             Instruction counts are stable on a noisy machine; wall time is
#             not. gw runs ~50x slower under valgrind, so wrk uses 1
#             connection and 20 s by default.
#   --perf    perf record -g on gw serve at full speed (default 64
#             connections, 10 s), then perf report by shared object and by
#             symbol: kernel, allocator and context-switch costs show here.
#
# Output files stay in build/profile/ (callgrind.out or perf.data, wrk.txt).
# Environment: GW_BIN (default build/gw).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GW=${GW_BIN:-$ROOT/build/gw}
OUT="$ROOT/build/profile"
MODE=callgrind
CONNS="" SECONDS_RUN=""

die() { printf 'profile: error: %s\n' "$*" >&2; exit 1; }
while (($# > 0)); do
  case "$1" in
    --perf) MODE=perf ;;
    --conns) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--conns needs a number"; CONNS=$2; shift ;;
    --seconds) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--seconds needs a number"; SECONDS_RUN=$2; shift ;;
    -h | --help) sed -n '2,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done
if [[ $MODE == callgrind ]]; then
  CONNS=${CONNS:-1} SECONDS_RUN=${SECONDS_RUN:-20}
  for t in valgrind callgrind_annotate; do command -v $t >/dev/null || die "$t not found (apt-get install valgrind)"; done
else
  CONNS=${CONNS:-64} SECONDS_RUN=${SECONDS_RUN:-10}
  command -v perf >/dev/null || die "perf not found (apt-get install linux-perf)"
fi
command -v wrk >/dev/null || die "wrk not found (run ./setup.sh bench to install it)"
[[ -x $GW ]] || die "$GW not found (build it with ./setup.sh build)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gw-profile.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  local port hex
  while :; do
    port=$((20000 + RANDOM % 12768)); hex=$(printf '%04X' "$port")
    grep -qs ":$hex " /proc/net/tcp /proc/net/tcp6 || { echo "$port"; return; }
  done
}
wait_up() {
  local i
  for ((i = 0; i < 300; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  die "nothing answered $1"
}

MOCK_PORT=$(free_port); GW_PORT=$(free_port)
"$GW" mock --host 127.0.0.1 --port "$MOCK_PORT" >"$WORK/mock.log" 2>&1 &
PIDS+=($!)
# shellcheck source=tests/bench/gw_config.sh
source "$ROOT/tests/bench/gw_config.sh"
write_bench_config "$WORK/config.toml" "$WORK" "$MOCK_PORT"
export XDG_CONFIG_HOME="$WORK/xdg" XDG_DATA_HOME="$WORK/xdg"
gwc() { "$GW" --config "$WORK/config.toml" --db "$WORK/gw.db" "$@"; }
KEY=$(gwc users create bench --plan enterprise --json | sed -n 's/.*"secret": *"\(gw_[A-Za-z0-9_-]*\)".*/\1/p' | head -1)
[[ -n $KEY ]] || die "could not create the bench user"
gwc credits add bench 1000000 >/dev/null
wait_up "http://127.0.0.1:$MOCK_PORT/health"

mkdir -p "$OUT"
if [[ $MODE == callgrind ]]; then
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" \
    "$GW" --config "$WORK/config.toml" --db "$WORK/gw.db" serve --host 127.0.0.1 --port "$GW_PORT" \
    >"$WORK/gw.log" 2>&1 &
else
  "$GW" --config "$WORK/config.toml" --db "$WORK/gw.db" serve --host 127.0.0.1 --port "$GW_PORT" \
    >"$WORK/gw.log" 2>&1 &
fi
GW_PID=$!
PIDS+=("$GW_PID")
wait_up "http://127.0.0.1:$GW_PORT/health"

URL="http://127.0.0.1:$GW_PORT/v1/chat/completions"
THREADS=$((CONNS > 1 ? 2 : 1))
if [[ $MODE == perf ]]; then
  wrk -t"$THREADS" -c"$CONNS" -d2s -s "$ROOT/tests/bench/chat.lua" "$URL" -- json "$KEY" mock/echo-priced >/dev/null
  perf record -F 2000 -g -p "$GW_PID" -o "$OUT/perf.data" -- sleep "$SECONDS_RUN" >/dev/null 2>&1 &
  PERF_PID=$!
fi
wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_RUN}s" --latency -s "$ROOT/tests/bench/chat.lua" "$URL" \
  -- json "$KEY" mock/echo-priced >"$OUT/wrk.txt"
[[ $MODE == perf ]] && wait "$PERF_PID"
kill -TERM "$GW_PID"; wait "$GW_PID" 2>/dev/null || true

answered=$(wc -l <"$WORK/access.log")
grep -E "Requests/sec|requests in" "$OUT/wrk.txt"
if [[ $MODE == callgrind ]]; then
  total=$(callgrind_annotate "$OUT/callgrind.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
  echo "requests answered: $answered; instructions: $total; per request: $((total / answered))"
  echo "largest inclusive gw:: costs (instructions per request):"
  callgrind_annotate --inclusive=yes "$OUT/callgrind.out" 2>/dev/null |
    sed -nE 's/^ *([0-9,]+) \([^)]*\) +[^ :]*:(gw::.*) \[[^]]*\]$/\1\t\2/p' |
    awk -F'\t' -v n="$answered" '!seen[$2]++ { gsub(",", "", $1); printf "%9d  %s\n", $1 / n, substr($2, 1, 140) }' |
    head -30
  echo "(under valgrind gw serves ~150 requests/s, so the usage writer commits almost every record alone;"
  echo " at full speed its 10 ms group commit shares one transaction among many records)"
else
  echo "requests answered: $answered"
  perf report -i "$OUT/perf.data" --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
  perf report -i "$OUT/perf.data" --no-children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30
fi
