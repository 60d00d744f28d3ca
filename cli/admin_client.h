// admin_client.h - how account commands (users, keys, credits, usage) reach
// the accounts: through the running server's admin API when one answers
// (the server owns the database and its in-memory balances), else straight
// on the database with the very same admin API function
// (proxy/accounts/admin_api.h), so both paths share rules and output.
// Single-threaded.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/server_client.h"

namespace CLI {
class App;
}

namespace gw {

struct AdminTarget {
  ServerTarget server;
  bool json = false;  // --json
};

// Where a management command's admin call goes: an explicit --db means that
// database (`local`); else the server, and `local` when none answers at the
// configured address (an explicit --url must answer). *offline, when given,
// says whether `local` answered.
Result<nlohmann::json> server_or_database(AppContext& ctx, const ServerTarget& server, const std::string& method,
                                          const std::string& path, const std::string& body,
                                          const std::function<Result<nlohmann::json>()>& local,
                                          bool* offline = nullptr);

// One admin call; the JSON answer or the error (its kind sets the exit code).
Result<nlohmann::json> admin_call(AppContext& ctx, const AdminTarget& target, const std::string& method,
                                  const std::string& path, const nlohmann::json& body = nullptr);

// --url, --key and --json, shared by the account commands.
void add_admin_options(CLI::App* cmd, AdminTarget& target);

}  // namespace gw
