// gw credits balance|add|history - a user's money: exact decimal amounts,
// through the running server or straight on the database.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/admin_client.h"
#include "cli/command_table.h"
#include "cli/table.h"
#include "core/base/money.h"

namespace gw {
namespace {

struct CreditsOptions {
  AdminTarget target;
  std::string user, amount, kind, note;
  int limit = 20;
};

std::string str(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

void print_balance(std::ostream& o, const nlohmann::json& b) {
  o << "balance    $" << str(b, "balance_usd") << "\n"
    << "allowance  $" << str(b, "allowance_usd") << " (" << str(b, "plan") << " plan; spent first)\n"
    << "purchased  $" << str(b, "purchased_usd") << " (never expires)\n";
  if (str(b, "held_usd") != "0.00") o << "held       $" << str(b, "held_usd") << " by requests in flight\n";
}

int run_balance(const CreditsOptions& o, AppContext& ctx) {
  auto r = admin_call(ctx, o.target, "GET", "/admin/credits/" + o.user);
  if (!r) return report_error(ctx, r.error());
  if (o.target.json) *ctx.out << r->dump(2) << "\n";
  else print_balance(*ctx.out, *r);
  return 0;
}

int run_add(const CreditsOptions& o, AppContext& ctx) {
  if (!Money::parse(o.amount))
    return report_error(ctx, make_error(ErrorKind::kUsage, "the amount '" + o.amount +
                                                               "' is not a number of US dollars (e.g. 10, 0.25 or "
                                                               "-5 with --kind adjust)"));
  nlohmann::json body = {{"amount_usd", o.amount}};
  if (!o.kind.empty()) body["kind"] = o.kind;
  if (!o.note.empty()) body["note"] = o.note;
  auto r = admin_call(ctx, o.target, "POST", "/admin/credits/" + o.user, body);
  if (!r) return report_error(ctx, r.error());
  if (o.target.json) {
    *ctx.out << r->dump(2) << "\n";
    return 0;
  }
  const bool taken = !o.amount.empty() && o.amount[0] == '-';
  *ctx.out << (taken ? "took $" + o.amount.substr(1) + " from " : "added $" + o.amount + " to ") << o.user << "\n";
  print_balance(*ctx.out, *r);
  return 0;
}

int run_history(const CreditsOptions& o, AppContext& ctx) {
  auto r = admin_call(ctx, o.target, "GET", "/admin/credits/" + o.user + "/history?limit=" + std::to_string(o.limit));
  if (!r) return report_error(ctx, r.error());
  if (o.target.json) {
    *ctx.out << (*r)["data"].dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : (*r)["data"]) {
    std::string what = str(e, "note");
    if (what.empty()) what = str(e, "request_id");
    rows.push_back({str(e, "time"), str(e, "kind"), str(e, "amount_usd"), what});
  }
  Table table({"TIME", "KIND", "AMOUNT", "DETAIL"});
  for (auto& row : rows) table.add_row(std::move(row));
  *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

}  // namespace

CLI::App* setup_credits_command(CLI::App& parent, AppContext& ctx) {
  auto o = std::make_shared<CreditsOptions>();
  auto* cmd = parent.add_subcommand("credits", "A user's balance, adding credits, and the ledger");
  cmd->require_subcommand(1);
  auto* balance = cmd->add_subcommand("balance", "Balance: allowance, purchased credits, held");
  balance->add_option("user", o->user, "User name or id")->required()->type_name("USER");
  add_admin_options(balance, o->target);
  balance->callback([o, &ctx] { ctx.exit_code = run_balance(*o, ctx); });

  auto* add = cmd->add_subcommand("add", "Add credits (exact decimal USD, e.g. 10 or 0.25)");
  add->add_option("user", o->user, "User name or id")->required()->type_name("USER");
  add->add_option("amount", o->amount, "Amount in USD; negative only with --kind adjust")->required();
  add->add_option("--kind", o->kind, "grant (default), purchase or adjust");
  add->add_option("--note", o->note, "A note for the ledger");
  add_admin_options(add, o->target);
  add->callback([o, &ctx] { ctx.exit_code = run_add(*o, ctx); });

  auto* history = cmd->add_subcommand("history", "The user's ledger, newest first");
  history->add_option("user", o->user, "User name or id")->required()->type_name("USER");
  history->add_option("--limit", o->limit, "Entries to show (default 20)")->check(CLI::Range(1, 10000));
  add_admin_options(history, o->target);
  history->callback([o, &ctx] { ctx.exit_code = run_history(*o, ctx); });
  return cmd;
}

}  // namespace gw
