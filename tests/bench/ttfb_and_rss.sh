# shellcheck shell=bash
# tests/bench/ttfb_and_rss.sh - the two measurements tests/bench/run.sh makes
# without wrk: streaming time to first byte (sequential curl requests) and
# gw's resident memory over a soak (a background sampler of /proc/PID/status).
# Sourced by run.sh, whose log, body_for, BENCH_KEY and PROBLEMS it uses.
# Functions only; each writes the files it is given and nothing else.

# now_ms: milliseconds since the epoch (bash 5's EPOCHREALTIME, any locale).
now_ms() {
  local t=${EPOCHREALTIME//[.,]/}
  printf '%s\n' $((10#$t / 1000))
}

# percentile P FILE: the P-th percentile (nearest rank, P a whole number) of
# the numbers in FILE, one a line; prints nothing for an empty file.
percentile() {
  sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 }
    END { if (NR == 0) exit; i = int((p * NR + 99) / 100); print v[i < 1 ? 1 : i] }'
}

# --- time to first byte -----------------------------------------------------

T_NAME=() T_OK=() T_P50=() T_P99=() T_TOTAL_P50=()

# ttfb_run NAME URL COUNT: COUNT sequential streaming POSTs to URL with the
# bench user's key, one curl each (a new connection each, as for every
# target), asking for the usage chunk as gw asks its upstream (so the direct
# and the relayed streams have the same chunks); records, for the answers that were 200, the median and 99th
# percentile time to first byte (curl's time_starttransfer: gw's server and
# the mock send the response head with the first chunk, so this is the first
# body byte) and the median total time, in microseconds. Anything but COUNT
# answers of 200 is a problem.
ttfb_run() {
  local name=$1 url=$2 count=$3 i body ok
  local out="$WORK/ttfb-$name.txt"
  body=$(body_for stream usage)
  log "ttfb $name: $count sequential streaming requests"
  : >"$out"
  for ((i = 0; i < count; i++)); do
    LC_ALL=C curl -sS -N -o /dev/null --max-time 10 \
      -w '%{http_code} %{time_starttransfer} %{time_total}\n' \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_KEY" \
      --data "$body" "$url" >>"$out" 2>>"$out.err" || true
  done
  awk '$1 == 200 { printf "%.0f\n", $2 * 1e6 }' "$out" >"$out.first"
  awk '$1 == 200 { printf "%.0f\n", $3 * 1e6 }' "$out" >"$out.total"
  ok=$(wc -l <"$out.first")
  ((ok == count)) || PROBLEMS+=("ttfb $name: $ok of $count requests answered 200 (see $out and $out.err)")
  T_NAME+=("$name") T_OK+=("$ok") T_P50+=("$(percentile 50 "$out.first")")
  T_P99+=("$(percentile 99 "$out.first")") T_TOTAL_P50+=("$(percentile 50 "$out.total")")
}

# --- resident memory over a soak ----------------------------------------------

# rss_sampler PID INTERVAL_S OUT [ORIGIN_MS]: appends "T_MS RSS_KB" (VmRSS
# of PID; T_MS counted from ORIGIN_MS, by default the sampler's start, 0
# for epoch ms) to OUT at once and every INTERVAL_S seconds until PID is
# gone or the sampler gets SIGTERM. Run it in the background; stopped, it
# leaves no sleep behind.
rss_sampler() {
  local pid=$1 interval=$2 out=$3 origin rss sleeper=""
  trap '[[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null; exit 0' TERM
  origin=${4:-$(now_ms)}
  while rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) && [[ -n $rss ]]; do
    printf '%s %s\n' $(($(now_ms) - origin)) "$rss" >>"$out"
    sleep "$interval" &
    sleeper=$!
    wait "$sleeper" || true
  done
}

# rss_peak_between TRACE FROM_MS TO_MS: the largest RSS_KB that rss_sampler
# (epoch ms: ORIGIN_MS 0) wrote between the two times; "-" when it wrote none.
rss_peak_between() {
  awk -v from="$2" -v to="$3" '$1 >= from && $1 <= to && $2 > max { max = $2 }
    END { if (max == "") print "-"; else print max }' "$1"
}

# soak_verdict SAMPLES SOAK_S: reads rss_sampler's file and sets
#   SOAK_SAMPLES      number of samples
#   SOAK_RSS_1MIN_KB  the first sample at or after 1 minute (the baseline:
#                     start-up and the first connections are behind it)
#   SOAK_RSS_LAST_KB  the largest sample of the last minute
#   SOAK_RSS_MAX_KB   the largest sample of all
#   SOAK_VERDICT      "flat" if the last minute's largest is within 5% (or
#                     2 MB, whichever is larger) of the baseline, else
#                     "growing"; "unknown" without a baseline or a sample
#                     in the last minute (a problem). Missing figures are "-".
soak_verdict() {
  local samples=$1 soak_s=$2
  # shellcheck disable=SC2034  # the figures are read by run.sh's report
  read -r SOAK_SAMPLES SOAK_RSS_1MIN_KB SOAK_RSS_LAST_KB SOAK_RSS_MAX_KB SOAK_VERDICT < <(
    awk -v last_from=$(((soak_s - 60) * 1000)) '
      { n++; if ($2 > max) max = $2 }
      $1 >= 60000 && base == "" { base = $2 }
      $1 >= last_from && (last == "" || $2 > last) { last = $2 }
      END {
        if (base == "" || last == "") { print n + 0, "-", "-", (n ? max : "-"), "unknown"; exit }
        slack = base * 0.05; if (slack < 2048) slack = 2048
        print n, base, last, max, (last <= base + slack ? "flat" : "growing")
      }' "$samples")
  [[ $SOAK_VERDICT != unknown ]] ||
    PROBLEMS+=("soak: too few RSS samples for a verdict (see $samples)")
}
