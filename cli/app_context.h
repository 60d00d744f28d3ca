// app_context.h - what every subcommand is given: the global options and the
// streams to write to (never std::cout directly), so each command can be run
// in tests with captured output. Single-threaded.
#pragma once

#include <iosfwd>
#include <string>

#include "core/base/error.h"

namespace gw {

struct GlobalOptions {
  std::string config_path;  // --config / GW_CONFIG; "" = XDG default
  std::string db_path;      // --db / GW_DB; "" = from config, then XDG default
  bool db_given = false;    // --db on the command line: account commands use that file, never a server
};

struct AppContext {
  GlobalOptions globals;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  std::istream* in = nullptr;
  bool stdout_is_tty = false;
  bool stdin_is_tty = false;
  bool stderr_is_tty = false;
  int exit_code = 0;  // set by the command that ran
};

// Prints "gw: <message>" to ctx.err and returns the kind's exit code from the
// error table.
int report_error(AppContext& ctx, const Error& error);

}  // namespace gw
