#!/usr/bin/env bash
# check_format.sh [ROOT] - fails when a C++ file of the tree is not formatted as
# .clang-format says; prints each such file and the command that fixes it.
set -uo pipefail
root=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"}
cd "$root" || exit 2
command -v clang-format >/dev/null || { echo "format: clang-format is not installed (setup.sh installs it)"; exit 1; }
mapfile -t files < <(git ls-files -- 'core/*.h' 'core/*.cc' 'proxy/*.h' 'proxy/*.cc' 'cli/*.h' 'cli/*.cc' 'tests/*.h' 'tests/*.cc' 2>/dev/null ||
  find core proxy cli tests -name '*.h' -o -name '*.cc')
bad=()
for f in "${files[@]}"; do
  [[ -f $f ]] || continue
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]})); then
  printf 'format: %s\n' "${bad[@]}"
  printf 'format: %d file(s) differ from .clang-format; fix with: clang-format -i %s\n' "${#bad[@]}" "${bad[*]}"
  exit 1
fi
echo "format: ${#files[@]} files formatted"
