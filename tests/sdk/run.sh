#!/usr/bin/env bash
# Runs the official OpenAI and Anthropic SDKs (unmodified) against
# `gw serve`, which forwards to `gw mock` in all three provider dialects:
# mock/echo (OpenAI wire), anthropic/* (Anthropic wire), google/* (Gemini wire).
# Usage: tests/sdk/run.sh [path/to/gw]. Loopback only; stops what it starts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gw="${1:-$here/../../build/gw}"
command -v node >/dev/null || { echo "sdk: node is not installed (./setup.sh installs it)" >&2; exit 1; }
if [[ ! -d "$here/node_modules/openai" || ! -d "$here/node_modules/@anthropic-ai/sdk" ]]; then
  # The exact versions in package-lock.json; a registry hiccup gets two more tries.
  for attempt in 1 2 3; do
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) && break
    [[ $attempt == 3 ]] && { echo "sdk: npm ci failed three times" >&2; exit 1; }
    sleep $((attempt * 5))
  done
fi

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# Starts a gw subcommand on port 0 and sets $port to the port it bound.
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
  echo "sdk: $* did not start:" >&2; cat "$log" >&2; return 1
}

start "$tmp/mock.log" mock --port 0
mock_port=$port
cat >"$tmp/config.toml" <<TOML
[providers.mock]
base_url = "http://127.0.0.1:$mock_port/v1"
[providers.anthropic]
base_url = "http://127.0.0.1:$mock_port/v1"
api_key = "sk-ant-test"
[providers.openai]
base_url = "http://127.0.0.1:$mock_port/v1"
api_key = "sk-openai-test"
[providers.google]
base_url = "http://127.0.0.1:$mock_port/v1beta"
api_key = "gemini-test"
TOML
start "$tmp/serve.log" --config "$tmp/config.toml" --db "$tmp/gw.db" serve --port 0
gw_port=$port

export GW_URL="http://127.0.0.1:$gw_port"
export GW_MOCK_URL="http://127.0.0.1:$mock_port"
cd "$here"
node --test --test-reporter=spec ./*.test.mjs
