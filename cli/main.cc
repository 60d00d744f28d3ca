// gw's entry point: everything is in the command table.
#include <unistd.h>

#include <iostream>

#include "cli/command_table.h"

int main(int argc, char** argv) {
  gw::AppContext ctx;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  ctx.in = &std::cin;
  ctx.stdout_is_tty = isatty(STDOUT_FILENO) == 1;
  ctx.stdin_is_tty = isatty(STDIN_FILENO) == 1;
  ctx.stderr_is_tty = isatty(STDERR_FILENO) == 1;
  return gw::run_cli(argc, argv, ctx);
}
