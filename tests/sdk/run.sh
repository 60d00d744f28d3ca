#!/usr/bin/env bash
# Runs the official OpenAI and Anthropic SDKs (unmodified) against
# `gw serve`, which forwards to `gw mock` in all three provider dialects:
# mock/echo (OpenAI wire), anthropic/* (Anthropic wire), google/* (Gemini wire).
# Usage: tests/sdk/run.sh [path/to/gw]. Loopback only; stops what it starts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gw="${1:-$here/../../build/gw}"
command -v node >/dev/null || { echo "sdk: node is not installed (./setup.sh installs it)" >&2; exit 1; }
suite=sdk
# shellcheck source=../support/gw_scripts.sh
source "$here/../support/gw_scripts.sh"
# The exact versions in package-lock.json.
if [[ ! -d "$here/node_modules/openai" || ! -d "$here/node_modules/@anthropic-ai/sdk" ]]; then npm_ci "$here"; fi

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
# For the routers' failover test: deepinfra refuses connections (nothing
# listens on port 9), openrouter is the mock.
[providers.deepinfra]
base_url = "http://127.0.0.1:9/v1"
api_key = "di-test"
[providers.openrouter]
base_url = "http://127.0.0.1:$mock_port/v1"
api_key = "sk-or-test"
TOML
start "$tmp/serve.log" --config "$tmp/config.toml" --db "$tmp/gw.db" serve --port 0
gw_port=$port

export GW_URL="http://127.0.0.1:$gw_port"
export GW_BIN="$gw"  # cassette.test.mjs runs its own mock and gateways (record, then replay)
export GW_MOCK_URL="http://127.0.0.1:$mock_port"
cd "$here"
# One file at a time: the routers test scripts the mock (a queue every request takes from).
node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
