#!/usr/bin/env bash
# tests/fuzz/run.sh - builds the libFuzzer targets of tests/fuzz/ in CI's
# hardened build (clang, ASan + UBSan, build-hardened/:
# tests/support/hardened_build.sh) when needed, replays every input under
# tests/fuzz/regressions/<target>/, then fuzzes each target for a bounded
# time from its seeds in tests/fuzz/corpus/<target>/, which it runs first
# (ctest: fuzz, in CI).
#
#   tests/fuzz/run.sh [TARGET...]     all targets when none is named
#
# Settings (environment):
#   GW_FUZZ_SECONDS  fuzzing time per target, seconds (default 11: 27 targets
#                    fit in ~5 minutes with the build cached; 0 = replay only)
#   GW_HARDENED_BUILD  build directory (default build-hardened)
#
# A crash (a sanitizer report, a failed GW_FUZZ_CHECK, a timeout of 10 s on
# one input, or more than 2 GB of memory) fails the run and prints the
# input's path: fix the bug, and commit the input as
# tests/fuzz/regressions/<target>/<name> with a unit test for the fix. New
# inputs libFuzzer finds go to $GW_HARDENED_BUILD/corpus/<target>/, never into
# the tree. Exit code 0 when nothing crashed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
readonly SECONDS_PER_TARGET=${GW_FUZZ_SECONDS:-11}
readonly FUZZ_DIR=tests/fuzz
source tests/support/hardened_build.sh
readonly BUILD=$HARDENED_BUILD

log() { printf 'fuzz: %s\n' "$*"; }

hardened_build fuzzers || { log "build failed"; exit 1; }

targets=("$@")
if ((${#targets[@]} == 0)); then
  for src in "$FUZZ_DIR"/*_fuzz.cc; do
    name=$(basename "$src" _fuzz.cc)
    targets+=("$name")
  done
fi

# Reports of UBSan come with a stack; ASan's default leak check stays on.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1}

failed=0
total_execs=0
for name in "${targets[@]}"; do
  bin="$BUILD/tests/fuzz/fuzz_$name"
  [[ -x "$bin" ]] || { log "$name: no binary $bin"; failed=$((failed + 1)); continue; }

  # 1. Regressions: each input that once crashed, one process each so a
  #    crash names its file.
  for input in "$FUZZ_DIR/regressions/$name"/*; do
    [[ -f "$input" ]] || continue
    if ! "$bin" "$input" >"$BUILD/last_replay.log" 2>&1; then
      cat "$BUILD/last_replay.log"
      log "$name: CRASH replaying $input"
      failed=$((failed + 1))
    fi
  done
  ((SECONDS_PER_TARGET > 0)) || continue

  # 2. Fuzz from the seeds for a bounded time.
  work="$BUILD/corpus/$name"
  artifacts="$BUILD/crashes/$name/"
  mkdir -p "$work" "$artifacts"
  out="$BUILD/fuzz_$name.log"
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$work" "$FUZZ_DIR/corpus/$name" >"$out" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  if ((rc != 0)); then
    tail -n 60 "$out"
    crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$out" | tail -1)
    log "$name: CRASH after $execs executions; input: ${crash:-see $out}"
    log "$name: commit it as $FUZZ_DIR/regressions/$name/$(basename "${crash:-crash}") with the fix"
    failed=$((failed + 1))
  else
    log "$name: $execs executions in ${SECONDS_PER_TARGET}s, no crash"
  fi
done

log "${#targets[@]} targets, $total_execs executions, $failed failed"
((failed == 0))
