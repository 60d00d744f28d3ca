#!/usr/bin/env bash
# The dashboard (/ui) in a real browser: Debian's chromium, headless, driven
# from Node by playwright-core (pinned in package-lock.json; it launches the
# installed /usr/bin/chromium and downloads no browser), against `gw serve`
# with a master key, forwarding to `gw mock`, with seeded traffic.
# Usage: tests/dashboard/run.sh [path/to/gw] [screenshot dir]
# Screenshots of every page go to the directory given (default: a
# temporary one, removed at the end; docs/dashboard/ holds the committed
# ones). Loopback only; stops what it starts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gw="${1:-$here/../../build/gw}"
shots="${2:-}"
command -v node >/dev/null || { echo "dashboard: node is not installed (./setup.sh installs it)" >&2; exit 1; }
[[ -x /usr/bin/chromium ]] || { echo "dashboard: /usr/bin/chromium is not installed (./setup.sh test installs it)" >&2; exit 1; }
suite=dashboard
# shellcheck source=../support/gw_scripts.sh
source "$here/../support/gw_scripts.sh"
# The exact version in package-lock.json.
if [[ ! -d "$here/node_modules/playwright-core" ]]; then npm_ci "$here"; fi

start "$tmp/mock.log" mock --port 0
mock_port=$port
cat >"$tmp/config.toml" <<TOML
[providers.mock]
base_url = "http://127.0.0.1:$mock_port/v1"
[providers.openai]
base_url = "http://127.0.0.1:$mock_port/v1"
api_key = "sk-openai-test"
[cache]
mode = "deterministic"
TOML
export GW_MASTER_KEY="mk-dashboard-$RANDOM$RANDOM"
start "$tmp/serve.log" --config "$tmp/config.toml" --db "$tmp/gw.db" serve --port 0
gw_port=$port

export GW_URL="http://127.0.0.1:$gw_port"
export GW_MOCK_URL="http://127.0.0.1:$mock_port"
mkdir -p "${shots:-$tmp/screenshots}"
export GW_SCREENSHOTS="$(cd "${shots:-$tmp/screenshots}" && pwd)"  # absolute: the tests run from $here
export GW_BROWSER_PROFILE="$tmp/chromium-profile"
cd "$here"
node --test --test-concurrency=1 --test-reporter=spec ./dashboard.test.mjs
