#!/usr/bin/env bash
# tests/support/hardened_build.sh - sourced by tests/sanitize/run.sh and
# tests/fuzz/run.sh: configures and builds CI's hardened build directory,
# one clang build with ASan + UBSan and libFuzzer's coverage
# (GW_SANITIZE=ON GW_FUZZ=ON), so the two stages compile gw once.
#
#   hardened_build TARGET...     builds the targets named
#
# -O1 and line tables only: a third of -O2 -g's compile time, and
# sanitizer reports still name file and line.
# GW_HARDENED_BUILD: the build directory (default build-hardened).
readonly HARDENED_BUILD=${GW_HARDENED_BUILD:-build-hardened}

hardened_build() {
  command -v clang++ >/dev/null 2>&1 || {
    printf 'hardened build: clang++ not found (./setup.sh test installs it)\n' >&2
    return 1
  }
  cmake -S . -B "$HARDENED_BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DGW_SANITIZE=ON -DGW_FUZZ=ON >/dev/null &&
    cmake --build "$HARDENED_BUILD" --target "$@"
}
