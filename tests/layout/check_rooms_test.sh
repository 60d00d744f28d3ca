#!/usr/bin/env bash
# check_rooms_test.sh - proves tests/layout/check_rooms.sh can fail: on a copy
# of the tree it plants one wrong include at a time and expects the check to
# name it; the untouched copy must pass. Prints 'N passed, N failed'.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
check="$here/check_rooms.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
fresh_copy() {
  rm -rf "$work/tree" && mkdir -p "$work/tree"
  cp -r "$src/core" "$src/proxy" "$src/cli" "$work/tree/"
}
# expect NAME WANT_RC PATTERN: runs the check on the copy.
expect() {
  local name=$1 want=$2 pattern=$3 out rc
  out=$("$check" "$work/tree" 2>&1); rc=$?
  if [[ $rc -eq $want ]] && { [[ -z $pattern ]] || grep -q -- "$pattern" <<<"$out"; }; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s: exit %s (wanted %s), output:\n%s\n' "$name" "$rc" "$want" "$out"
  fi
}

fresh_copy
expect "the tree as it is" 0 ""

fresh_copy
printf '#include "core/config/config.h"\n' >>"$work/tree/core/base/money.cc"
expect "a low room including a higher one" 1 "room 'base' must not include room 'config'"

fresh_copy
printf '#include "core/dialects/dialect.h"\n' >>"$work/tree/core/json/json_view.h"
expect "json including dialects" 1 "room 'json' must not include room 'dialects'"

fresh_copy
printf '#include "proxy/gateway.h"\n' >>"$work/tree/core/ledger/credit_book.cc"
expect "core including proxy" 1 "core must not include proxy/"

fresh_copy
printf '#include <sqlite3.h>\n' >>"$work/tree/core/ledger/credit_book.cc"
expect "core doing I/O" 1 "core does no I/O"

fresh_copy
printf '#include "core/money.h"\n' >>"$work/tree/core/ledger/credit_book.cc"
expect "a header outside any room" 1 "outside any room"

fresh_copy
printf '// stray\n' >"$work/tree/core/stray.h"
expect "a file directly in core/" 1 "core/ holds rooms"

fresh_copy
mkdir -p "$work/tree/core/misc" && printf '// x\n' >"$work/tree/core/misc/x.h"
expect "a room missing from core/ROOMS" 1 "not listed in core/ROOMS"

fresh_copy
printf '#include "cli/table.h"\n' >>"$work/tree/proxy/gateway.cc"
expect "proxy including cli" 1 "proxy must not include cli/"

fresh_copy
printf 'auto x = nlohmann::json::parse(body, nullptr, false);\n' >>"$work/tree/proxy/pipeline/relay.cc"
expect "proxy parsing JSON text without the depth limit" 1 "proxy/pipeline/relay.cc:.*parse_json"

fresh_copy
printf 'auto x = ordered_json::parse(text);\n' >>"$work/tree/core/dialects/chat_request.cc"
expect "core parsing JSON text without the depth limit" 1 "core/dialects/chat_request.cc:.*parse_json"

fresh_copy
printf 'auto x = json::parse(answer);\n' >>"$work/tree/cli/chat_once.cc"
expect "cli parsing JSON text without the depth limit" 1 "cli/chat_once.cc:.*parse_json"

printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
