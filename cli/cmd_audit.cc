// gw audit - the security violations a server recorded (bad or revoked keys,
// keys used from the wrong address or site, non-admins on /admin, forged
// identity assertions, rate-limit abuse), newest first. Asks the running
// server (GET /admin/audit); with no server running it reads the database.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <ostream>

#include "cli/admin_client.h"
#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/table.h"
#include "proxy/io/audit_log.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

struct AuditOptions {
  ServerTarget target;
  int limit = 50;
  bool json = false;
};

// The records straight from the database (no server running); an absent
// database has none (and is not created).
Result<nlohmann::json> read_database(AppContext& ctx, int limit) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return config.error();
  const std::string path = db_path(ctx.globals.db_path, *config);
  nlohmann::json data = nlohmann::json::array();
  if (!std::filesystem::exists(path)) return data;
  auto db = Database::open(path);
  if (!db) return db.error();
  auto records = read_audit(**db, limit);
  if (!records) return records.error();
  for (const AuditRecord& r : *records) data.push_back(audit_json(r));
  return data;
}

int run_audit(const AuditOptions& opts, AppContext& ctx) {
  bool offline = false;
  auto data = server_or_database(
      ctx, opts.target, "GET", "/admin/audit?limit=" + std::to_string(opts.limit), "",
      [&] { return read_database(ctx, opts.limit); }, &offline);
  if (!data) return report_error(ctx, data.error());
  if (!offline) data = (*data)["data"];
  if (opts.json) {
    *ctx.out << data->dump(2) << "\n";
    return 0;
  }
  std::ostream& o = *ctx.out;
  if (data->empty()) {
    o << "no security violations recorded\n";
    return 0;
  }
  Table table({"TIME", "IP", "REASON", "KEY", "ROUTE", "DETAIL"});
  for (const auto& a : *data) {
    std::string key = a.value("key_id", "");
    if (key.empty()) key = a.value("key_prefix", "");
    table.add_row({a.value("time", ""), a.value("ip", ""), a.value("reason", ""), key.empty() ? "-" : key,
                   a.value("route", ""), a.value("detail", "")});
  }
  o << table.render(ctx.stdout_is_tty);
  return 0;
}

}  // namespace

CLI::App* setup_audit_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<AuditOptions>();
  auto* cmd = parent.add_subcommand("audit", "Security violations recorded by the server, newest first");
  cmd->add_option("--limit", opts->limit, "How many records (default 50)")->check(CLI::Range(1, 10000));
  add_server_options(cmd, opts->target, opts->json);
  cmd->callback([opts, &ctx] { ctx.exit_code = run_audit(*opts, ctx); });
  return cmd;
}

}  // namespace gw
