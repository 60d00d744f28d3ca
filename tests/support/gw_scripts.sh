# gw_scripts.sh - shared by the shell test suites (tests/sdk, tests/agents):
# source it after setting $gw (the binary) and $suite (a name for messages).
#   npm_ci DIR        installs DIR's package-lock.json exactly (three tries)
#   start LOG ARGS... runs `gw ARGS` on port 0, sets $port to the bound port
# A temporary directory $tmp and everything `start` ran are removed and
# stopped when the script exits. Loopback only.

npm_ci() {
  for attempt in 1 2 3; do
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) && return 0
    [[ $attempt == 3 ]] && { echo "$suite: npm ci failed three times" >&2; exit 1; }
    sleep $((attempt * 5))
  done
}

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# (Not run in a $(...) subshell: the pid must reach the cleanup list.)
start() {
  local log="$1"; shift
  "$gw" "$@" >"$log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 200); do
    if grep -q "listening on http://" "$log"; then
      port=$(grep -o "listening on http://[0-9.]*:[0-9]*" "$log" | head -1 | sed 's/.*://')
      return 0
    fi
    sleep 0.05
  done
  echo "$suite: $* did not start:" >&2; cat "$log" >&2; return 1
}
