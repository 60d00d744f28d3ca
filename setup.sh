#!/usr/bin/env bash
# setup.sh - one entry point for a fresh Debian 12 machine.
#
#   ./setup.sh serve [gw serve args...]  set up, build, then exec build/gw serve
#   ./setup.sh test                      set up, build, run the whole test suite,
#                                        then the sanitized and fuzz stages
#   ./setup.sh bench [--quick] [--soak MINUTES]   set up, build, run tests/bench/run.sh
#   ./setup.sh build                     set up and build only
#
# Set-up installs missing Debian packages (as root, or through sudo when it is
# available) and configures + builds into build/. When every package is
# already installed it touches nothing and costs well under a second.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

# Packages every mode needs (compiler, build tools, libraries).
readonly BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  libcli11-dev libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev
  libcurl4-openssl-dev doctest-dev libssl-dev libtomlplusplus-dev libedit-dev
  prometheus-cpp-dev libboost-context-dev libjemalloc-dev
  libhiredis-dev libpq-dev
)
# Extra packages for `test` and `bench` (load generator, reference proxy,
# SDK compatibility checks, process inspection, promtool to check /metrics,
# sqlite3 for the benchmark's ledger check; clang with its libFuzzer and
# sanitizer runtimes, and llvm-symbolizer for readable sanitizer stacks, for
# the fuzz stage: docs/testing.md; zsh and fish, so the completion tests run
# in every shell gw completes; chromium, the headless browser the dashboard
# suite drives through playwright-core, which downloads no browser itself;
# redis-server, postgresql and python3 for the scale-out suite, tests/scaleout/).
readonly TEST_PACKAGES=(wrk nginx-light nodejs npm curl procps prometheus sqlite3
  clang libclang-rt-14-dev llvm clang-format zsh fish chromium redis-server postgresql python3)

usage() {
  sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Some packages are satisfied by a different package providing the same
# command (NodeSource's nodejs ships npm and conflicts with Debian's npm;
# nginx-full/nginx-core provide nginx). Count those as present.
provided_by_command() {
  case "$1" in
    npm) command -v npm >/dev/null 2>&1 ;;
    nodejs) command -v node >/dev/null 2>&1 ;;
    nginx-light) command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] ;;
    *) return 1 ;;
  esac
}

# Prints the packages from "$@" that are not installed, one per line.
missing_packages() {
  local pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]] && ! provided_by_command "$pkg"; then
      printf '%s\n' "$pkg"
    fi
  done
}

install_packages() {
  command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this script expects Debian 12"
  local -a missing
  mapfile -t missing < <(missing_packages "$@")
  ((${#missing[@]} == 0)) && return 0

  local -a as_root=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 ||
      die "missing packages: ${missing[*]} (run as root or install sudo)"
    as_root=(sudo -n)
    # -n fails instead of prompting when there is no terminal (CI).
    [[ -t 0 ]] && as_root=(sudo)
  fi
  log "installing: ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures and builds build/; extra arguments go to the configure step.
build() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build build
}

main() {
  local mode=${1:-}
  [[ $# -gt 0 ]] && shift
  case "$mode" in
    serve | build) install_packages "${BUILD_PACKAGES[@]}" ;;
    test | bench) install_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" ;;
    -h | --help | help) usage; exit 0 ;;
    '') usage >&2; exit 2 ;;
    *) printf 'setup: unknown mode "%s"\n\n' "$mode" >&2; usage >&2; exit 2 ;;
  esac

  # `test` adds ctest's last two tests, which share one clang build with
  # ASan + UBSan, build-hardened/: `sanitized` (the unit and e2e suites) and
  # `fuzz` (every libFuzzer target, its regressions and seeds, for a bounded
  # time).
  local stages=OFF
  [[ "$mode" == test ]] && stages=ON
  build -DGW_CI_STAGES="$stages"

  case "$mode" in
    serve) exec build/gw serve "$@" ;;
    test) exec ctest --test-dir build --output-on-failure --no-tests=error "$@" ;;
    bench) exec tests/bench/run.sh "$@" ;;
    build) ;;
  esac
}

main "$@"
