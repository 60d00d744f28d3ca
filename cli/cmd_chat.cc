// Placeholder until the real command lands.
#include <CLI/CLI.hpp>

#include "cli/command_table.h"

namespace gw {

CLI::App* setup_chat_command(CLI::App& parent, AppContext& ctx) {
  auto* cmd = parent.add_subcommand("chat", "(not yet implemented)");
  cmd->callback([&ctx] { ctx.exit_code = report_error(ctx, make_error(ErrorKind::kUsage, "not yet implemented")); });
  return cmd;
}

}  // namespace gw
