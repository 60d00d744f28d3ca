#!/usr/bin/env bash
# tests/sanitize/run.sh - the sanitized stage of CI (ctest: sanitized):
# builds gw, the unit and e2e tests and the fuzz targets with ASan + UBSan
# in build-hardened/ (tests/support/hardened_build.sh; jemalloc off), then
# runs the unit suite and the e2e suite against the sanitized gw. The fuzz
# stage (tests/fuzz/run.sh) then uses the same build. Any sanitizer report
# fails it.
#
#   tests/sanitize/run.sh [ctest args...]   e.g. -R unit
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tests/support/hardened_build.sh
hardened_build gw gw_unit_tests gw_e2e_tests fuzzers

# detect_stack_use_after_return=0: gw's fibers switch stacks through
# Boost.Context; proxy/io/fiber_asan.h tells ASan of every switch, but fake
# stacks (use-after-return detection) are not kept per fiber by that API.
# It is also ASan's default; spelled out so a user's ASAN_OPTIONS cannot
# turn it on here. halt_on_error/abort_on_error: a report fails the test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=0:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks found at exit fail the process too (ASan's default), except the
# library leaks listed, with why, in lsan.supp.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0}

exec ctest --test-dir "$HARDENED_BUILD" --output-on-failure --no-tests=error -R '^(unit|e2e)$' "$@"
