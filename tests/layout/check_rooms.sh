#!/usr/bin/env bash
# check_rooms.sh [ROOT] - fails (exit 1, one line per offence) when the tree
# breaks the layering that docs/ARCHITECTURE.md states:
#   - every core source file sits in a room listed in core/ROOMS;
#   - a room includes only its own headers and those of rooms listed before it;
#   - core/ includes nothing from proxy/ or cli/, and no I/O library
#     (sockets, files, curl, SQLite, httplib, threads' fibers);
#   - proxy/ includes nothing from cli/;
#   - no code in core/, proxy/ or cli/ calls nlohmann's json::parse( itself:
#     text becomes a tree through core/json/json_parse.h, which refuses
#     nesting past the limit and byte order marks. Only the files that parse
#     compiled-in data (json_parse_allowed below) may call it directly.
# ROOT defaults to the repository this script lives in.
set -uo pipefail
root=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"}
cd "$root" || exit 2

mapfile -t rooms < <(grep -v '^#' core/ROOMS | grep -v '^[[:space:]]*$')
declare -A rank
for i in "${!rooms[@]}"; do rank[${rooms[$i]}]=$i; done

bad=0
offence() { printf 'layout: %s\n' "$*"; bad=1; }

io_headers='<(fstream|filesystem|sys/socket\.h|netinet/[a-z_]*\.h|arpa/inet\.h|unistd\.h|fcntl\.h|sqlite3\.h|curl/curl\.h|httplib\.h|boost/context/[a-z_/]*\.hpp)>'

while IFS= read -r file; do
  rel=${file#core/}
  if [[ $rel != */* ]]; then
    [[ $rel == ROOMS || $rel == README.md ]] || offence "$file: core/ holds rooms, not files (see core/ROOMS)"
    continue
  fi
  room=${rel%%/*}
  if [[ -z ${rank[$room]+x} ]]; then
    offence "$file: room '$room' is not listed in core/ROOMS"
    continue
  fi
  [[ $file == *.h || $file == *.cc ]] || continue
  while IFS=: read -r line inc; do
    if [[ $inc =~ \#include\ \"(proxy|cli)/ ]]; then
      offence "$file:$line: core must not include ${BASH_REMATCH[1]}/ (${inc#*#include })"
    elif [[ $inc =~ \#include\ \"core/([a-z_]+)/ ]]; then
      dep=${BASH_REMATCH[1]}
      if [[ -z ${rank[$dep]+x} ]]; then
        offence "$file:$line: includes from unknown room '$dep'"
      elif ((rank[$dep] > rank[$room])); then
        offence "$file:$line: room '$room' must not include room '$dep' (listed after it in core/ROOMS)"
      fi
    elif [[ $inc =~ \#include\ \"core/[a-z_]+\.h\" ]]; then
      offence "$file:$line: includes a header outside any room (${inc#*#include })"
    elif [[ $inc =~ \#include\ $io_headers ]]; then
      offence "$file:$line: core does no I/O: ${BASH_REMATCH[0]#\#include }"
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include' "$file")
done < <(find core -type f ! -path 'core/*/data/*' | sort)

while IFS=: read -r file line inc; do
  offence "$file:$line: proxy must not include cli/ (${inc#*#include })"
done < <(grep -rn '^[[:space:]]*#[[:space:]]*include "cli/' proxy 2>/dev/null)

json_parse_allowed='^(core/json/json_parse\.cc|core/catalog/catalog\.cc|core/providers/provider_table\.cc)$'
while IFS=: read -r file line code; do
  [[ $file =~ $json_parse_allowed || $code =~ ^[[:space:]]*// ]] && continue
  offence "$file:$line: parse JSON text with parse_json (core/json/json_parse.h), not json::parse"
done < <(grep -rnE --include='*.h' --include='*.cc' 'json::parse\(' core proxy cli 2>/dev/null)

exit $bad
