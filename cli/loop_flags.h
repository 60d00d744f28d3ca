// loop_flags.h - the event-loop flags `gw serve` and `gw mock` share (see
// ServerOptions in proxy/server/http_server.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace gw {

// --threads N (1 or more) and --busy-poll-us N (0..100000). The variables
// keep their values when a flag is not given; `busy_poll_default` is what
// the help shows for the second.
inline void add_loop_flags(CLI::App* cmd, int& threads, int& busy_poll_us, int busy_poll_default) {
  cmd->add_option("--threads", threads, "Event-loop threads serving connections (default: one per CPU core)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--busy-poll-us", busy_poll_us,
                  "Microseconds a loop keeps polling after work before it sleeps (default " +
                      std::to_string(busy_poll_default) + "; 0 = off)")
      ->check(CLI::Range(0, 100000));
}

}  // namespace gw
