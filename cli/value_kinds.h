// value_kinds.h - the one table of argument kinds: the placeholder --help and
// the man page show for a value (MODEL, FILE, ...) and how shells complete
// it. An option or positional whose type_name is a kind's placeholder gets
// that kind's completion; `gw __complete KIND` (cli/cmd_complete.cc) lists
// the candidates, asking the running server when one answers and else
// reading the catalog and the database. Pure data; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/app_context.h"

namespace gw {

struct ValueKind {
  std::string_view placeholder;  // type_name, e.g. "MODEL"
  std::string_view candidates;   // `gw __complete <this>`; "" = file names
};

const std::vector<ValueKind>& value_kinds();

// The kind whose placeholder is `type_name`, or null (no value completion).
const ValueKind* find_value_kind(std::string_view type_name);

// The candidates of a kind ("models", "sessions", ...), sorted; none when
// they cannot be read (cmd_complete.cc). Also what the REPL's Tab offers.
std::vector<std::string> completion_candidates(AppContext& ctx, std::string_view kind);

}  // namespace gw
