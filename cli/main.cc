// gw's entry point: everything is in the command table.
#include <unistd.h>

#include <iostream>

#include "cli/command_table.h"

// jemalloc's settings (ignored when another allocator is linked; the
// MALLOC_CONF environment variable still overrides them). One arena: gw
// has few threads, and each arena keeps its own free pages and metadata.
// Freed pages go back to the system after half a second instead of ten.
// Together they take ~9 MB off gw serve's peak memory under load at no
// measured cost in throughput (docs/benchmark.md).
extern "C" const char* malloc_conf = "narenas:1,dirty_decay_ms:500,muzzy_decay_ms:0";

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
