// gw keys create|list|revoke - API keys, through the running server or
// straight on the database (cli/admin_client.h). A key's secret is printed
// once, at creation.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/admin_client.h"
#include "cli/command_table.h"
#include "cli/table.h"

namespace gw {
namespace {

struct KeysOptions {
  AdminTarget target;
  std::string user, name, environment, role, ips, domains, key;
};

std::string str(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

int run_create(const KeysOptions& o, AppContext& ctx) {
  nlohmann::json body = {{"user", o.user}};
  for (auto [field, value] : {std::pair{"name", &o.name},
                              {"environment", &o.environment},
                              {"role", &o.role},
                              {"ip_allowlist", &o.ips},
                              {"domains", &o.domains}})
    if (!value->empty()) body[field] = *value;
  auto r = admin_call(ctx, o.target, "POST", "/admin/keys", body);
  if (!r) return report_error(ctx, r.error());
  if (o.target.json) {
    *ctx.out << r->dump(2) << "\n";
    return 0;
  }
  *ctx.out << "key " << str(*r, "id") << " (" << str(*r, "role") << ", " << str(*r, "environment") << ") for " << o.user
           << ":\n\n  " << str(*r, "secret") << "\n\nSave this key now: it is not shown again.\n";
  return 0;
}

int run_list(const KeysOptions& o, AppContext& ctx) {
  auto r = admin_call(ctx, o.target, "GET", "/admin/keys" + (o.user.empty() ? "" : "?user=" + o.user));
  if (!r) return report_error(ctx, r.error());
  if (o.target.json) {
    *ctx.out << (*r)["data"].dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& k : (*r)["data"]) {
    std::string limits;
    for (const char* list : {"ip_allowlist", "domains"})
      for (const auto& item : k.value(list, nlohmann::json::array()))
        limits += (limits.empty() ? "" : ",") + item.get<std::string>();
    std::string user = str(k, "user").empty() ? str(k, "user_id") : str(k, "user");
    rows.push_back({str(k, "id"), str(k, "key"), user, str(k, "name"), str(k, "role"),
                    k["revoked"].is_null() ? "active" : "revoked", limits.empty() ? "-" : limits});
  }
  Table table({"ID", "KEY", "USER", "NAME", "ROLE", "STATE", "RESTRICTED TO"});
  for (auto& row : rows) table.add_row(std::move(row));
  *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

int run_revoke(const KeysOptions& o, AppContext& ctx) {
  auto r = admin_call(ctx, o.target, "POST", "/admin/keys/" + o.key + "/revoke");
  if (!r) return report_error(ctx, r.error());
  if (o.target.json) *ctx.out << r->dump(2) << "\n";
  else *ctx.out << "revoked " << str(*r, "id") << " (" << str(*r, "key") << ")\n";
  return 0;
}

}  // namespace

CLI::App* setup_keys_command(CLI::App& parent, AppContext& ctx) {
  auto o = std::make_shared<KeysOptions>();
  auto* cmd = parent.add_subcommand("keys", "Create, list and revoke API keys");
  cmd->require_subcommand(1);
  auto* create = cmd->add_subcommand("create", "Create a key for a user (shown once)");
  create->add_option("user", o->user, "User name or id")->required()->type_name("USER");
  create->add_option("--name", o->name, "A label for the key");
  create->add_option("--env", o->environment, "live (default) or test: gw_live_... or gw_test_...");
  create->add_option("--role", o->role, "admin, team, dev or free (default: the plan's)");
  create->add_option("--ip", o->ips, "Allowed client addresses, comma-separated CIDRs (IPv4/IPv6)");
  create->add_option("--domain", o->domains, "Allowed sites (Origin/Referer hosts), comma-separated; *.example.com");
  add_admin_options(create, o->target);
  create->callback([o, &ctx] { ctx.exit_code = run_create(*o, ctx); });

  auto* list = cmd->add_subcommand("list", "Keys with their role, state and restrictions (never secrets)");
  list->add_option("--user", o->user, "Only this user's keys")->type_name("USER");
  add_admin_options(list, o->target);
  list->callback([o, &ctx] { ctx.exit_code = run_list(*o, ctx); });

  auto* revoke = cmd->add_subcommand("revoke", "Revoke a key; it stops working at once");
  revoke->add_option("key", o->key, "Key id (key_...)")->required()->type_name("KEY_ID");
  add_admin_options(revoke, o->target);
  revoke->callback([o, &ctx] { ctx.exit_code = run_revoke(*o, ctx); });
  return cmd;
}

}  // namespace gw
