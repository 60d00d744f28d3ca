// `gw audit` with no server running: it reads the audit log straight from
// the database (and does not create one that is missing).
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "proxy/io/audit_log.h"
#include "tests/support/cli_run.h"
#include "tests/support/scoped_env.h"

namespace gw {
namespace {

// A temp directory with a config whose server address answers nothing.
struct NoServer {
  std::string dir;
  ScopedEnv master{"GW_MASTER_KEY", nullptr};
  NoServer() {
    dir = (std::filesystem::temp_directory_path() / "gw-audit-cmd-XXXXXX").string();
    REQUIRE(::mkdtemp(dir.data()) != nullptr);
    std::ofstream(dir + "/config.toml") << "[server]\nport = 1\n";
  }
  ~NoServer() { std::filesystem::remove_all(dir); }
  CliRun gw(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--config", dir + "/config.toml", "--db", dir + "/gw.db"});
    return run_gw(args);
  }
};

}  // namespace

TEST_CASE("gw audit: with no server it reads the database, newest first") {
  NoServer sandbox;
  {
    auto db = Database::open(sandbox.dir + "/gw.db");
    REQUIRE(db.ok());
    AuditLog log(std::move(db).value());
    log.record({1'700'000'000'000, "203.0.113.7", "", "gw_live_QQQQ…", "/v1/chat/completions", "invalid_api_key",
                "invalid API key"});
    log.record({1'700'000'060'000, "203.0.113.7", "key_0a1b2c3d4e5f", "", "/admin/users", "permission_denied",
                "this API key's role (dev) may not do this"});
  }
  CliRun table = sandbox.gw({"audit"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.rfind("TIME\tIP\tREASON\tKEY\tROUTE\tDETAIL\n", 0) == 0);  // piped: tab-separated
  CHECK(table.out.find("permission_denied") < table.out.find("invalid_api_key"));
  CHECK(table.out.find("key_0a1b2c3d4e5f") != std::string::npos);
  CliRun json = sandbox.gw({"audit", "--json", "--limit", "1"});
  CHECK(json.exit_code == 0);
  auto rows = nlohmann::json::parse(json.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["reason"] == "permission_denied");
  CHECK(rows[0]["time"] == "2023-11-14T22:14:20Z");
}

TEST_CASE("gw audit: no database means nothing recorded, and none is created") {
  NoServer sandbox;
  CliRun r = sandbox.gw({"audit"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "no security violations recorded\n");
  CHECK_FALSE(std::filesystem::exists(sandbox.dir + "/gw.db"));
}

}  // namespace gw
