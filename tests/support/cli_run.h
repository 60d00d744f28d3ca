// cli_run.h - runs `gw ARGS...` in-process through run_cli with captured
// output, the way every CLI test drives a command. Tests only.
#pragma once

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_table.h"

namespace gw {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

// What the command's surroundings look like: stdin's contents, and which
// streams claim to be terminals (all pipes by default).
struct CliEnv {
  std::string stdin_text;
  bool stdout_tty = false;
  bool stderr_tty = false;
};

// `args` excludes the program name.
inline CliRun run_gw(std::vector<std::string> args, const CliEnv& env = {}) {
  args.insert(args.begin(), "gw");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  std::istringstream in(env.stdin_text);
  AppContext ctx;
  ctx.out = &out;
  ctx.err = &err;
  ctx.in = &in;
  ctx.stdout_is_tty = env.stdout_tty;
  ctx.stderr_is_tty = env.stderr_tty;
  int code = run_cli(static_cast<int>(argv.size()), argv.data(), ctx);
  return {code, out.str(), err.str()};
}

// A file of the source tree (e.g. "man/gw.1"); "" if it cannot be read.
inline std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(GW_SOURCE_DIR) + "/" + relative);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace gw
