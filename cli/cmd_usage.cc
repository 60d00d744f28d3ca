// gw usage - requests, tokens and exact cost, grouped by model, provider,
// day, user or route (a router's mode and tier and the model it chose); through the running server or straight on the
// database. CACHED counts the requests answered from the response cache, SAVED what those hits saved their callers
// (exact; a hit's tokens are in PROMPT and COMPLETION, its COST is what it was charged: nothing by default).
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/admin_client.h"
#include "cli/command_table.h"
#include "cli/table.h"

namespace gw {
namespace {

struct UsageOptions {
  AdminTarget target;
  std::string by = "model";
  std::string user;
  int days = 0;
};

int run_usage(const UsageOptions& o, AppContext& ctx) {
  std::string path = "/admin/usage?by=" + o.by;
  if (!o.user.empty()) path += "&user=" + o.user;
  if (o.days > 0) path += "&days=" + std::to_string(o.days);
  auto r = admin_call(ctx, o.target, "GET", path);
  if (!r) return report_error(ctx, r.error());
  if (o.target.json) {
    *ctx.out << r->dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  auto row = [](const nlohmann::json& x) {
    return std::vector<std::string>{x["key"].get<std::string>(),
                                    std::to_string(x["requests"].get<int64_t>()),
                                    std::to_string(x["prompt_tokens"].get<int64_t>()),
                                    std::to_string(x["completion_tokens"].get<int64_t>()),
                                    "$" + x["cost_usd"].get<std::string>(),
                                    std::to_string(x.value("cache_hits", int64_t{0})),
                                    "$" + x.value("saved_usd", std::string("0.00"))};
  };
  for (const auto& x : (*r)["rows"]) rows.push_back(row(x));
  rows.push_back(row((*r)["total"]));
  std::string head = o.by;
  for (char& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Table table({head, "REQUESTS", "PROMPT", "COMPLETION", "COST", "CACHED", "SAVED"});
  for (auto& row : rows) table.add_row(std::move(row));
  *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

}  // namespace

CLI::App* setup_usage_command(CLI::App& parent, AppContext& ctx) {
  auto o = std::make_shared<UsageOptions>();
  auto* cmd = parent.add_subcommand("usage", "Requests, tokens and cost by model, provider, day, user or route");
  cmd->add_option("--by", o->by, "Group by: model (default), provider, day, user, route (router:* decisions)")
      ->check(CLI::IsMember({"model", "provider", "day", "user", "route"}));
  cmd->add_option("--user", o->user, "Only this user's requests")->type_name("USER");
  cmd->add_option("--days", o->days, "Only the last N days (UTC), today included")->check(CLI::Range(1, 36500));
  add_admin_options(cmd, o->target);
  cmd->callback([o, &ctx] { ctx.exit_code = run_usage(*o, ctx); });
  return cmd;
}

}  // namespace gw
