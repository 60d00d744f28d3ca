// Placeholder until the real command lands.
#include <CLI/CLI.hpp>

#include "cli/command_table.h"

namespace gw {

CLI::App* setup_config_command(CLI::App& parent, AppContext& ctx) {
  auto* cmd = parent.add_subcommand("config", "(not yet implemented)");
  cmd->callback([&ctx] { ctx.exit_code = report_error(ctx, make_error(ErrorKind::kUsage, "not yet implemented")); });
  return cmd;
}

}  // namespace gw
