// command_table.h - the one table of `gw` subcommands. main(), --help,
// completions and the man page all read it. Each entry's setup function lives
// in its own cli/cmd_<name>.cc, registers the subcommand with CLI11 and sets
// ctx.exit_code when it runs.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app_context.h"

namespace CLI {
class App;
}

namespace gw {

using SetupFn = CLI::App* (*)(CLI::App& parent, AppContext& ctx);

struct Example {
  std::string_view command;  // "gw chat -c \"and in French?\""
  std::string_view does;     // what it does, one line
};

struct CommandSpec {
  std::string_view name;
  std::string_view summary;
  SetupFn setup;
  std::vector<Example> examples = {};  // the EXAMPLES of its --help and of the man page
};

// "EXAMPLES:\n  gw chat ...\n      what it does\n" (empty for none).
std::string examples_text(const std::vector<Example>& examples);

const std::vector<CommandSpec>& command_table();

// Parses argv and runs one subcommand; returns the process exit code.
int run_cli(int argc, const char* const* argv, AppContext& ctx);

// Setup functions, one per cli/cmd_<name>.cc.
CLI::App* setup_serve_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_chat_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_mock_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_config_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_models_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_breakers_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_cache_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_ui_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_cassette_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_audit_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_health_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_users_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_keys_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_credits_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_usage_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_route_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_webhooks_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_completions_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_manpage_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_help_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_logs_command(CLI::App& parent, AppContext& ctx);
CLI::App* setup_complete_command(CLI::App& parent, AppContext& ctx);
std::string manpage_text(const CLI::App& root);

// "  list  List the models\n  show  ...": the visible subcommands of `app`,
// aligned, one a line (bare `gw`, `gw models`).
std::string subcommand_list(const CLI::App& app);

// The completion script for `shell` (bash | zsh | fish) of an app built by
// run_cli's table; exposed for the drift test.
std::string completion_script(const CLI::App& root, const std::string& shell);

}  // namespace gw
