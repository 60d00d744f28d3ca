#!/usr/bin/env bash
# Runs the coding agents users point at gw - Claude Code (`claude -p`) and
# the Codex CLI (`codex exec`), pinned in package.json - once straight at
# `gw mock` and once through `gw serve` in front of it, and checks:
#   - what the provider received through gw equals what the agent sent it
#     directly (compare.mjs: body and headers; only model, credentials,
#     transport headers and per-run ids may differ), and no gw key reaches it;
#   - each agent finishes its turn through gw (a tool call round trip), and
#     Claude Code's own usage report shows the prompt-cache writes and reads
#     the provider reported;
#   - the user's balance paid for it.
# Usage: tests/agents/run.sh [path/to/gw]. Loopback only; stops what it starts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gw="${1:-$here/../../build/gw}"
command -v node >/dev/null || { echo "agents: node is not installed (./setup.sh installs it)" >&2; exit 1; }
suite=agents
# shellcheck source=../support/gw_scripts.sh
source "$here/../support/gw_scripts.sh"
# The exact versions in package-lock.json.
if [[ ! -x "$here/node_modules/.bin/claude" || ! -x "$here/node_modules/.bin/codex" ]]; then npm_ci "$here"; fi

claude="$here/node_modules/.bin/claude"
codex="$here/node_modules/.bin/codex"

passed=0 failed=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "FAIL - $name"; fi
}

start "$tmp/mock.log" mock --port 0 --record-requests 64
mock="http://127.0.0.1:$port"
cat >"$tmp/config.toml" <<TOML
[providers.anthropic]
base_url = "$mock/v1"
api_key = "sk-ant-provider"
[providers.openai]
base_url = "$mock/v1"
api_key = "sk-openai-provider"
TOML
start "$tmp/serve.log" --config "$tmp/config.toml" --db "$tmp/gw.db" serve --port 0
gwurl="http://127.0.0.1:$port"
key=$(curl -sf -X POST "$gwurl/admin/users" -H 'Content-Type: application/json' -d '{"name":"agent","plan":"dev"}' |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).key.secret))')
balance() {
  curl -sf "$gwurl/admin/users" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>
    console.log(JSON.parse(s).data.find(u=>u.name==="agent").balance_usd))'
}

export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 NO_COLOR=1
# What the mock received since the last call, saved to $1.
journal() { curl -sf "$mock/_mock/requests" >"$1" && curl -sf -X POST "$mock/_mock/reset" >/dev/null; }
# Both runs of an agent use the same fresh directories (what it sends names
# them: its working directory, its home); its output goes to $tmp/NAME.out.
fresh_dirs() { rm -rf "$tmp/run" && mkdir -p "$tmp/run/home/.codex" "$tmp/run/work"; }

run_claude() {  # run_claude NAME BASE_URL KEY
  fresh_dirs
  (cd "$tmp/run/work" && HOME="$tmp/run/home" ANTHROPIC_BASE_URL="$2" ANTHROPIC_API_KEY="$3" \
    timeout 180 "$claude" -p "hello from the agent test" --model claude-sonnet-4-5 --output-format json \
    </dev/null >"$tmp/$1.out" 2>"$tmp/$1.err") || { echo "agents: claude ($1) failed:"; cat "$tmp/$1.err"; return 1; }
}

run_codex() {  # run_codex NAME BASE_URL KEY
  fresh_dirs
  cat >"$tmp/run/home/.codex/config.toml" <<TOML
model = "gpt-5"
model_provider = "target"
[model_providers.target]
name = "target"
base_url = "$2/v1"
env_key = "TARGET_API_KEY"
wire_api = "responses"
TOML
  (cd "$tmp/run/work" && HOME="$tmp/run/home" CODEX_HOME="$tmp/run/home/.codex" TARGET_API_KEY="$3" \
    timeout 180 "$codex" exec --skip-git-repo-check --json "hello from the agent test" \
    </dev/null >"$tmp/$1.out" 2>"$tmp/$1.err") || { echo "agents: codex ($1) failed:"; cat "$tmp/$1.err"; return 1; }
}

curl -sf -X POST "$mock/_mock/reset" >/dev/null
run_claude claude-direct "$mock" sk-ant-direct && journal "$tmp/claude-direct.json"
before=$(balance)
run_claude claude-gw "$gwurl" "$key" && journal "$tmp/claude-gw.json"
check "claude -p: the provider gets through gw what Claude Code sends it" \
  node "$here/compare.mjs" "$tmp/claude-direct.json" "$tmp/claude-gw.json"
check "claude -p: the caller's gw key never reaches the provider" bash -c "! grep -q '$key' '$tmp/claude-gw.json'"
check "claude -p: the turn completes through gw (a tool call and its result)" \
  grep -q '"result":"tool said:' "$tmp/claude-gw.out"
check "claude -p: Claude Code sees the provider's prompt-cache writes and reads" node -e '
  const u = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).usage;
  process.exit(u.cache_creation_input_tokens > 0 && u.cache_read_input_tokens > 0 ? 0 : 1)' "$tmp/claude-gw.out"
after=$(balance)
check "claude -p: the user's balance paid for it ($before -> $after)" \
  node -e 'process.exit(Number(process.argv[1]) > Number(process.argv[2]) ? 0 : 1)' "$before" "$after"

run_codex codex-direct "$mock" sk-openai-direct && journal "$tmp/codex-direct.json"
run_codex codex-gw "$gwurl" "$key" && journal "$tmp/codex-gw.json"
check "codex exec: the provider gets through gw what Codex sends it" \
  node "$here/compare.mjs" "$tmp/codex-direct.json" "$tmp/codex-gw.json"
check "codex exec: the caller's gw key never reaches the provider" bash -c "! grep -q '$key' '$tmp/codex-gw.json'"
check "codex exec: the turn completes through gw with usage" node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const done = lines.filter((e) => e.type === "turn.completed");
  const said = lines.some((e) => JSON.stringify(e).includes("tool said:"));
  process.exit(done.length === 1 && done[0].usage.output_tokens > 0 && said ? 0 : 1)' "$tmp/codex-gw.out"

echo "$passed passed, $failed failed"
((failed == 0))
