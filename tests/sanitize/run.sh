#!/usr/bin/env bash
# tests/sanitize/run.sh - the sanitized stage of CI (ctest: sanitized):
# builds gw, the unit and e2e tests and the fuzz replayers with ASan + UBSan
# in build-asan/ (GW_SANITIZE=ON; jemalloc off), then runs the unit suite,
# the e2e suite (against the sanitized gw) and every fuzz seed and
# regression input. Any sanitizer report fails it.
#
#   tests/sanitize/run.sh [ctest args...]   e.g. -R unit
#
# GW_ASAN_BUILD: build directory (default build-asan).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
readonly BUILD=${GW_ASAN_BUILD:-build-asan}

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGW_SANITIZE=ON >/dev/null
cmake --build "$BUILD" --target gw gw_unit_tests gw_e2e_tests fuzzers

# detect_stack_use_after_return=0: gw's fibers switch stacks through
# Boost.Context; proxy/io/fiber_asan.h tells ASan of every switch, but fake
# stacks (use-after-return detection) are not kept per fiber by that API.
# It is also ASan's default; spelled out so a user's ASAN_OPTIONS cannot
# turn it on here. halt_on_error/abort_on_error: a report fails the test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=0:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

exec ctest --test-dir "$BUILD" --output-on-failure --no-tests=error -R '^(unit|e2e|fuzz_replay_.*)$' "$@"
