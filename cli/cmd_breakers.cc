// gw breakers list|reset - the circuit breakers of a running gw serve.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iomanip>
#include <ostream>

#include "cli/command_table.h"
#include "cli/server_client.h"

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
  std::ostream& o = *ctx.out;
  o << std::left << std::setw(14) << "PROVIDER" << std::setw(11) << "STATE" << std::setw(10) << "FAILURES"
    << "HALF-OPEN IN\n";
  bool color = ctx.stdout_is_tty && !std::getenv("NO_COLOR");
  for (const auto& b : data) {
    std::string state = b["state"].get<std::string>();
    // Pad before colouring so the escape codes do not shift the columns.
    std::string cell = state + std::string(state.size() < 11 ? 11 - state.size() : 1, ' ');
    if (color) {
      const char* code = state == "closed" ? "\033[32m" : state == "open" ? "\033[31m" : "\033[33m";
      cell = code + state + "\033[0m" + cell.substr(state.size());
    }
    int64_t wait = b["seconds_until_half_open"].get<int64_t>();
    o << std::setw(14) << b["provider"].get<std::string>() << cell << std::setw(10)
      << b["consecutive_failures"].get<int>() << (state == "open" ? std::to_string(wait) + "s" : "-") << "\n";
  }
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

void add_target_options(CLI::App* cmd, BreakersOptions& opts) {
  cmd->add_option("--url", opts.target.url, "Server to ask (default http://<server.host>:<server.port>)");
  cmd->add_option("--key", opts.target.key, "Admin key (default $GW_MASTER_KEY, then [server] master_key)");
  cmd->add_flag("--json", opts.json, "Print JSON");
}

}  // namespace

CLI::App* setup_breakers_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<BreakersOptions>();
  auto* cmd = parent.add_subcommand("breakers", "Show or reset the circuit breakers of a running server");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "Each provider's breaker: state, failures, time until half-open");
  add_target_options(list, *opts);
  list->callback([opts, &ctx] { ctx.exit_code = run_list(*opts, ctx); });
  auto* reset = cmd->add_subcommand("reset", "Close a provider's breaker now");
  reset->add_option("provider", opts->provider, "Provider slug, e.g. openai")->required();
  add_target_options(reset, *opts);
  reset->callback([opts, &ctx] { ctx.exit_code = run_reset(*opts, ctx); });
  return cmd;
}

}  // namespace gw
