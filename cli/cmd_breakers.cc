// gw breakers list|reset - the circuit breakers of a running gw serve: a
// table with coloured states on a terminal, tab-separated otherwise, --json.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/color.h"
#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/table.h"
#include "cli/views.h"
#include "core/terminal/ansi.h"

namespace gw {
namespace {

struct BreakersOptions {
  ServerTarget target;
  bool json = false;
  std::string provider;
};

int run_list(const BreakersOptions& opts, AppContext& ctx) {
  auto r = call_server(ctx, opts.target, "GET", "/admin/breakers");
  if (!r) return report_error(ctx, r.error());
  const auto& data = (*r)["data"];
  if (opts.json) {
    *ctx.out << data.dump(2) << "\n";
    return 0;
  }
  *ctx.out << breakers_table(data, ctx.stdout_is_tty, use_color(ColorMode::kAuto, ctx.stdout_is_tty));
  return 0;
}

int run_reset(const BreakersOptions& opts, AppContext& ctx) {
  auto r = call_server(ctx, opts.target, "POST", "/admin/breakers/" + opts.provider + "/reset");
  if (!r) return report_error(ctx, r.error());
  if (opts.json) {
    *ctx.out << r->dump(2) << "\n";
  } else {
    *ctx.out << opts.provider << ": breaker closed\n";
  }
  return 0;
}

}  // namespace

std::string duration_words(int64_t seconds) {
  auto two = [](int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  if (seconds < 60) return std::to_string(seconds) + "s";
  if (seconds < 3600) return std::to_string(seconds / 60) + "m " + two(seconds % 60) + "s";
  return std::to_string(seconds / 3600) + "h " + two(seconds / 60 % 60) + "m";
}

std::string breakers_table(const nlohmann::json& breakers, bool terminal, bool color) {
  Table table({"PROVIDER", "STATE", "FAILURES", "HALF-OPEN IN"});
  for (const auto& b : breakers) {
    std::string state = b.value("state", "?");
    std::string_view style = state == "closed" ? ansi::kGreen : state == "open" ? ansi::kRed : ansi::kYellow;
    int64_t wait = b.value("seconds_until_half_open", int64_t{0});
    table.add_row({b.value("provider", "?"), ansi::paint(state, style, color && terminal),
                   std::to_string(b.value("consecutive_failures", 0)), state == "open" ? duration_words(wait) : "-"});
  }
  return table.render(terminal);
}

CLI::App* setup_breakers_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<BreakersOptions>();
  auto* cmd = parent.add_subcommand("breakers", "Show or reset the circuit breakers of a running server");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "Each provider's breaker: state, failures, time until half-open");
  add_server_options(list, opts->target, opts->json);
  list->callback([opts, &ctx] { ctx.exit_code = run_list(*opts, ctx); });
  auto* reset = cmd->add_subcommand("reset", "Close a provider's breaker now");
  reset->add_option("provider", opts->provider, "Provider slug, e.g. openai")->required()->type_name("PROVIDER");
  add_server_options(reset, opts->target, opts->json);
  reset->callback([opts, &ctx] { ctx.exit_code = run_reset(*opts, ctx); });
  return cmd;
}

}  // namespace gw
