#include "cli/admin_client.h"

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "core/base/clock.h"
#include "proxy/accounts/accounts.h"
#include "proxy/accounts/admin_api.h"
#include "proxy/gateway.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

Result<nlohmann::json> direct_call(AppContext& ctx, const std::string& method, const std::string& path,
                                   const std::string& body) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return config.error();
  std::string db = db_path(ctx.globals.db_path, *config);
  auto accounts = open_accounts(
      *config, db, system_clock(), [](const char* n) { return std::getenv(n); }, nullptr, nullptr);
  if (!accounts) return accounts.error();
  size_t q = path.find('?');
  std::string route = path.substr(0, q), query = q == std::string::npos ? "" : path.substr(q + 1);
  AdminAnswer a = admin_accounts_call(**accounts, system_clock(), method, route, query, body);
  if (a.status >= 200 && a.status < 300) return a.body;
  std::string message =
      a.body.contains("error") ? a.body["error"].value("message", "admin call failed") : "admin call failed";
  return make_error(kind_for_gw_status(a.status), message);
}

}  // namespace

Result<nlohmann::json> server_or_database(AppContext& ctx, const ServerTarget& server, const std::string& method,
                                          const std::string& path, const std::string& body,
                                          const std::function<Result<nlohmann::json>()>& local, bool* offline) {
  if (offline) *offline = false;
  if (ctx.globals.db_given) {
    if (!server.url.empty())
      return make_error(ErrorKind::kUsage, "--db and --url name two different places; pass one of them");
    if (offline) *offline = true;
    return local();
  }
  auto answer = call_server(ctx, server, method, path, body);
  if (answer || answer.error().code != kServerUnreachable || !server.url.empty()) return answer;
  if (offline) *offline = true;
  return local();
}

Result<nlohmann::json> admin_call(AppContext& ctx, const AdminTarget& target, const std::string& method,
                                  const std::string& path, const nlohmann::json& body) {
  std::string text = body.is_null() ? "" : body.dump();
  return server_or_database(ctx, target.server, method, path, text,
                            [&] { return direct_call(ctx, method, path, text); });
}

void add_admin_options(CLI::App* cmd, AdminTarget& target) {
  cmd->add_option("--url", target.server.url,
                  "Server to use (default http://<server.host>:<server.port>; with no server running, the database)")
      ->type_name("URL");
  cmd->add_option("--key", target.server.key, "Admin key (default $GW_MASTER_KEY, then [server] master_key)")
      ->type_name("ADMIN_KEY");
  cmd->add_flag("--json", target.json, "Print JSON");
}

}  // namespace gw
