// `gw webhooks` with no server running: every subcommand falls back to the
// same admin function on the database. The config points the server URL at
// a port nothing listens on (1), so no stray local server can answer.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/cli_run.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

using nlohmann::json;

struct Offline {
  TempDir dir;
  ScopedEnv master{"GW_MASTER_KEY", nullptr};
  Offline() { std::ofstream(dir.file("config.toml")) << "[server]\nhost = \"127.0.0.1\"\nport = 1\n"; }
  CliRun gw(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", dir.file("config.toml"), "--db", dir.file("gw.db")});
    return run_gw(std::move(args));
  }
};

TEST_CASE("gw webhooks: add, list, test, deliveries and delete work on the database when no server runs") {
  Offline o;
  CliRun add = o.gw({"webhooks", "add", "https://hooks.example.com/gw", "--event", "credits.low", "--event",
                     "credits.depleted", "--json"});
  REQUIRE_MESSAGE(add.exit_code == 0, add.err);
  json created = json::parse(add.out);
  const std::string id = created["id"];
  CHECK(created["events"] == json::array({"credits.low", "credits.depleted"}));
  CHECK(created["secret"].get<std::string>().rfind("whsec_", 0) == 0);

  CliRun list = o.gw({"webhooks", "list"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find(id) != std::string::npos);
  CHECK(list.out.find("credits.low,credits.depleted") != std::string::npos);
  CHECK(list.out.find("whsec_") == std::string::npos);
  CHECK(list.out == "ID\tEVENTS\tURL\n" + id + "\tcredits.low,credits.depleted\thttps://hooks.example.com/gw\n");

  CliRun test = o.gw({"webhooks", "test", id});
  CHECK(test.exit_code == 0);
  CHECK(test.out.find("queued webhook.test for " + id) != std::string::npos);
  CHECK(test.out.find("sent when gw serve starts") != std::string::npos);

  CliRun history = o.gw({"webhooks", "deliveries", id, "--json"});
  CHECK(history.exit_code == 0);
  json rows = json::parse(history.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["type"] == "webhook.test");
  CHECK(rows[0]["state"] == "pending");
  CliRun piped = o.gw({"webhooks", "deliveries", id});
  CHECK(piped.out.rfind("ID\tTYPE\tSTATE\tTRIES\tHTTP\tCREATED\tNEXT TRY / LAST ERROR\n", 0) == 0);
  CHECK(piped.out.find("\twebhook.test\tpending\t0\t") != std::string::npos);

  CHECK(o.gw({"webhooks", "delete", id}).exit_code == 0);
  CHECK(o.gw({"webhooks", "list"}).out.find("no webhooks") != std::string::npos);
}

TEST_CASE("gw webhooks: a plain add prints the secret once with how to use it") {
  Offline o;
  CliRun add = o.gw({"webhooks", "add", "http://127.0.0.1:9000/hook", "--secret", "a-secret-of-16-chars"});
  REQUIRE(add.exit_code == 0);
  CHECK(add.out.find("receives *") != std::string::npos);
  CHECK(add.out.find("signing secret: a-secret-of-16-chars") != std::string::npos);
}

TEST_CASE("gw webhooks: a bad URL, an unknown event or an unknown id fail with a clear message") {
  Offline o;
  CliRun url = o.gw({"webhooks", "add", "ftp://example.com/x"});
  CHECK(url.exit_code == error_info(ErrorKind::kInvalidRequest).exit_code);
  CHECK(url.err.find("only http:// and https://") != std::string::npos);

  CliRun event = o.gw({"webhooks", "add", "https://example.com/x", "--event", "credit.low"});
  CHECK(event.exit_code == error_info(ErrorKind::kInvalidRequest).exit_code);
  CHECK(event.err.find("unknown event type 'credit.low'") != std::string::npos);

  CliRun missing = o.gw({"webhooks", "test", "whk_nope"});
  CHECK(missing.exit_code == error_info(ErrorKind::kNotFound).exit_code);
  CHECK(missing.err.find("no webhook 'whk_nope'") != std::string::npos);
}

TEST_CASE("gw webhooks: with an explicit --url that does not answer there is no database fallback") {
  Offline o;
  CliRun r = run_gw({"--config", o.dir.file("config.toml"), "webhooks", "list", "--url", "http://127.0.0.1:1"});
  CHECK(r.exit_code == error_info(ErrorKind::kUnavailable).exit_code);
  CHECK(r.err.find("no gw server answers") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(o.dir.file("gw.db")));
  CliRun both = o.gw({"webhooks", "list", "--url", "http://127.0.0.1:1"});  // --db and --url: which one?
  CHECK(both.exit_code == 64);
}

TEST_CASE("gw webhooks: --event help lists the event table") {
  CliRun help = run_gw({"webhooks", "add", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("credits.low") != std::string::npos);
  CHECK(help.out.find("rate_limit.approaching") != std::string::npos);
}

}  // namespace
}  // namespace gw
