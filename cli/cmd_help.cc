// gw help [COMMAND...] - the --help of a command, for those who type `help`
// first (`gw help chat` is `gw chat --help`); with no command, gw's own.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "core/base/edit_distance.h"

namespace gw {
namespace {

int run_help(const std::vector<std::string>& words, const CLI::App& root, AppContext& ctx) {
  const CLI::App* app = &root;
  std::string path = "gw";
  for (const std::string& word : words) {
    auto subs = app->get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); });
    std::vector<std::string> names;
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : subs) {
      names.push_back(sub->get_name());
      if (sub->get_name() == word) next = sub;
    }
    if (!next) {
      std::string message = "no command '" + path + " " + word + "'";
      if (std::string near = closest_name(word, names); !near.empty())
        message += "; did you mean '" + path + " " + near + "'?";
      return report_error(ctx, make_error(ErrorKind::kUsage, message));
    }
    app = next;
    path += " " + word;
  }
  const size_t last_space = path.rfind(' ');
  *ctx.out << (app == &root ? app->help() : app->help(path.substr(0, last_space)));
  return 0;
}

}  // namespace

CLI::App* setup_help_command(CLI::App& parent, AppContext& ctx) {
  auto words = std::make_shared<std::vector<std::string>>();
  auto* cmd = parent.add_subcommand("help", "Help on a command: gw help chat, gw help models list");
  cmd->add_option("command", *words, "The command (and subcommand) to explain")->type_name("COMMAND...");
  cmd->callback([words, &ctx, &parent] { ctx.exit_code = run_help(*words, parent, ctx); });
  return cmd;
}

}  // namespace gw
