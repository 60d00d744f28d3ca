// gw users create|list|show|plan|delete - accounts, through the running server or
// straight on the database (cli/admin_client.h).
#include <CLI/CLI.hpp>
#include <istream>
#include <ostream>
#include <string>

#include "cli/admin_client.h"
#include "cli/command_table.h"
#include "cli/table.h"

namespace gw {
namespace {

struct UsersOptions {
  AdminTarget target;
  std::string user, email, plan, partner_code, referral_code;
  int trial_days = 0;
  bool yes = false;  // delete: no question asked
};

std::string str(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

void print_user(std::ostream& o, const nlohmann::json& u) {
  o << "user     " << str(u, "name") << " (" << str(u, "id") << ")\n"
    << "plan     " << str(u, "plan") << " (tier " << str(u, "tier") << ")\n"
    << "balance  $" << str(u, "balance_usd") << " (allowance $" << str(u, "allowance_usd") << ", purchased $"
    << str(u, "purchased_usd") << ")\n";
  if (u.contains("trial_ends"))
    o << "trial    ends " << str(u, "trial_ends") << "; " << u.value("trial_requests_used", 0) << " requests, "
      << u.value("trial_tokens_used", 0) << " tokens used\n";
}

int run_create(const UsersOptions& opts, AppContext& ctx) {
  nlohmann::json body = {{"name", opts.user}};
  if (!opts.email.empty()) body["email"] = opts.email;
  if (!opts.plan.empty()) body["plan"] = opts.plan;
  if (!opts.partner_code.empty()) body["partner_code"] = opts.partner_code;
  if (!opts.referral_code.empty()) body["referral_code"] = opts.referral_code;
  if (opts.trial_days > 0) body["trial_days"] = opts.trial_days;
  auto r = admin_call(ctx, opts.target, "POST", "/admin/users", body);
  if (!r) return report_error(ctx, r.error());
  if (opts.target.json) {
    *ctx.out << r->dump(2) << "\n";
    return 0;
  }
  print_user(*ctx.out, (*r)["user"]);
  *ctx.out << "key      " << str((*r)["key"], "secret") << "\n"
           << "\nSave this key now: it is not shown again.\n";
  return 0;
}

int run_list(const UsersOptions& opts, AppContext& ctx) {
  auto r = admin_call(ctx, opts.target, "GET", "/admin/users");
  if (!r) return report_error(ctx, r.error());
  if (opts.target.json) {
    *ctx.out << (*r)["data"].dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& u : (*r)["data"])
    rows.push_back({str(u, "name"), str(u, "id"), str(u, "plan"), "$" + str(u, "balance_usd"), str(u, "created")});
  Table table({"NAME", "ID", "PLAN", "BALANCE", "CREATED"});
  for (auto& row : rows) table.add_row(std::move(row));
  *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

int run_show(const UsersOptions& opts, AppContext& ctx, const std::string& method, const std::string& path,
             const nlohmann::json& body) {
  auto r = admin_call(ctx, opts.target, method, path, body);
  if (!r) return report_error(ctx, r.error());
  if (opts.target.json) *ctx.out << r->dump(2) << "\n";
  else print_user(*ctx.out, *r);
  return 0;
}

// Deletes a user once confirmed: --yes, or "y" typed on a terminal.
int run_delete(const UsersOptions& opts, AppContext& ctx) {
  if (!opts.yes) {
    if (!ctx.stdin_is_tty)
      return report_error(ctx, make_error(ErrorKind::kUsage, "deleting '" + opts.user +
                                                                 "' removes its keys and balance; pass --yes to "
                                                                 "confirm"));
    *ctx.err << "Delete user '" << opts.user << "', its keys and its balance? [y/N] " << std::flush;
    std::string answer;
    std::getline(*ctx.in, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
      *ctx.err << "not deleted\n";
      return error_info(ErrorKind::kUsage).exit_code;
    }
  }
  auto r = admin_call(ctx, opts.target, "DELETE", "/admin/users/" + opts.user);
  if (!r) return report_error(ctx, r.error());
  if (opts.target.json) *ctx.out << r->dump(2) << "\n";
  else *ctx.out << "deleted user " << str((*r)["user"], "name") << " and its keys\n";
  return 0;
}

}  // namespace

CLI::App* setup_users_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<UsersOptions>();
  auto* cmd = parent.add_subcommand("users", "Create and inspect user accounts (plans, balances, trials)");
  cmd->require_subcommand(1);
  auto* create = cmd->add_subcommand("create", "Create a user on the Trial plan ($5, 3 days) with a primary key");
  create->add_option("name", opts->user, "User name (letters, digits, . _ @ -)")->required();
  create->add_option("--email", opts->email, "Contact email");
  create->add_option("--plan", opts->plan, "Plan: trial (default), dev, team, enterprise");
  create->add_option("--trial-days", opts->trial_days, "Trial length in days (default 3)");
  create->add_option("--partner-code", opts->partner_code, "Partner code to record");
  create->add_option("--referral-code", opts->referral_code, "Referral code to record");
  add_admin_options(create, opts->target);
  create->callback([opts, &ctx] { ctx.exit_code = run_create(*opts, ctx); });

  auto* list = cmd->add_subcommand("list", "Every user with plan and balance");
  add_admin_options(list, opts->target);
  list->callback([opts, &ctx] { ctx.exit_code = run_list(*opts, ctx); });

  auto* show = cmd->add_subcommand("show", "One user: plan, balance, trial");
  show->add_option("user", opts->user, "User name or id")->required()->type_name("USER");
  add_admin_options(show, opts->target);
  show->callback([opts, &ctx] { ctx.exit_code = run_show(*opts, ctx, "GET", "/admin/users/" + opts->user, nullptr); });

  auto* plan = cmd->add_subcommand("plan", "Move a user to another plan (purchased credits are kept)");
  plan->add_option("user", opts->user, "User name or id")->required()->type_name("USER");
  plan->add_option("plan", opts->plan, "trial, dev, team or enterprise")->required();
  add_admin_options(plan, opts->target);
  plan->callback([opts, &ctx] {
    ctx.exit_code = run_show(*opts, ctx, "POST", "/admin/users/" + opts->user + "/plan", {{"plan", opts->plan}});
  });
  auto* del = cmd->add_subcommand("delete", "Delete a user and its keys (ledger and usage history stay)");
  del->add_option("user", opts->user, "User name or id")->required()->type_name("USER");
  del->add_flag("-y,--yes", opts->yes, "Do not ask for confirmation");
  add_admin_options(del, opts->target);
  del->callback([opts, &ctx] { ctx.exit_code = run_delete(*opts, ctx); });
  return cmd;
}

}  // namespace gw
