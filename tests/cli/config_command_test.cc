// Tests for `gw config init|path|show`, run through gw::run_cli with captured
// streams against files in a temp directory.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "cli/command_table.h"
#include "core/config/config.h"
#include "tests/support/cli_run.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

// A temp directory that stands in for HOME, with GW_CONFIG / GW_DB / XDG
// variables cleared so only the command line picks files.
class Sandbox {
 public:
  std::string path(const std::string& name) const { return dir_.file(name); }

 private:
  TempDir dir_;
  ScopedEnv home_{"HOME", dir_.path().c_str()};
  ScopedEnv gw_config_{"GW_CONFIG", nullptr};
  ScopedEnv gw_db_{"GW_DB", nullptr};
  ScopedEnv xdg_config_{"XDG_CONFIG_HOME", nullptr};
  ScopedEnv xdg_data_{"XDG_DATA_HOME", nullptr};
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("gw config init writes the starter file, private, creating directories") {
  Sandbox sandbox;
  std::string config = sandbox.path("nested/dir/config.toml");
  CliRun run = run_gw({"--config", config, "config", "init"});
  CHECK(run.exit_code == 0);
  CHECK(run.err == "");
  CHECK(contains(run.out, config));
  CHECK(read_file(config) == starter_config_text());
  struct stat st {};
  REQUIRE(::stat(config.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("gw config init writes to the XDG location by default") {
  Sandbox sandbox;
  CliRun run = run_gw({"config", "init"});
  CHECK(run.exit_code == 0);
  CHECK(read_file(sandbox.path(".config/gw/config.toml")) == starter_config_text());
}

TEST_CASE("gw config init refuses to overwrite an existing file without --force") {
  Sandbox sandbox;
  std::string config = sandbox.path("config.toml");
  write_file(config, "# mine\n");
  CliRun refused = run_gw({"--config", config, "config", "init"});
  CHECK(refused.exit_code == error_info(ErrorKind::kUsage).exit_code);
  CHECK(contains(refused.err, "already exists"));
  CHECK(contains(refused.err, "--force"));
  CHECK(read_file(config) == "# mine\n");

  CliRun forced = run_gw({"--config", config, "config", "init", "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(read_file(config) == starter_config_text());
}

TEST_CASE("gw config path prints the config file and database, labelled") {
  Sandbox sandbox;
  std::string config = sandbox.path("config.toml");
  CliRun before_init = run_gw({"--config", config, "config", "path"});
  CHECK(before_init.exit_code == 0);
  CHECK(before_init.out == "config: " + config + "\ndb: " + sandbox.path(".local/share/gw/gw.db") + "\n");

  write_file(config, "[db]\npath = \"/srv/gw/gw.db\"\n");
  CHECK(run_gw({"--config", config, "config", "path"}).out == "config: " + config + "\ndb: /srv/gw/gw.db\n");
  CHECK(run_gw({"--config", config, "--db", "/tmp/x.db", "config", "path"}).out ==
        "config: " + config + "\ndb: /tmp/x.db\n");
}

TEST_CASE("gw config show prints the effective config with secrets redacted") {
  Sandbox sandbox;
  std::string config = sandbox.path("config.toml");
  write_file(config,
             "[server]\nport = 9001\nmaster_key = \"mk-very-secret\"\n"
             "[providers.openai]\napi_key = \"sk-live-123\"\n");
  CliRun run = run_gw({"--config", config, "config", "show"});
  REQUIRE(run.exit_code == 0);
  CHECK_FALSE(contains(run.out, "sk-live-123"));
  CHECK_FALSE(contains(run.out, "mk-very-secret"));
  Result<Config> shown = parse_config(run.out);
  REQUIRE_MESSAGE(shown.ok(), shown.error().message);
  CHECK(shown->server.port == 9001);
  CHECK(shown->server.master_key == "***");
  CHECK(shown->providers["openai"].api_key == "***");
  CHECK(shown->db_path == sandbox.path(".local/share/gw/gw.db"));  // resolved, not ""
}

TEST_CASE("gw config show --json prints the same settings as JSON") {
  Sandbox sandbox;
  std::string config = sandbox.path("config.toml");
  write_file(config, "[server]\nport = 9002\n[providers.groq]\napi_key = \"gsk-secret\"\nenabled = true\n");
  CliRun run = run_gw({"--config", config, "config", "show", "--json"});
  REQUIRE(run.exit_code == 0);
  CHECK_FALSE(contains(run.out, "gsk-secret"));
  nlohmann::json shown = nlohmann::json::parse(run.out);
  CHECK(shown["server"]["port"] == 9002);
  CHECK(shown["log"]["level"] == "info");
  CHECK(shown["providers"]["groq"]["api_key"] == "***");
  CHECK(shown["providers"]["groq"]["enabled"] == true);
  CHECK(run.out == shown.dump(2) + "\n");  // laid out like every other --json of gw
}

TEST_CASE("gw config show reports a bad config file with its setting and exit code") {
  Sandbox sandbox;
  std::string config = sandbox.path("config.toml");
  write_file(config, "[server]\nprot = 1\n");
  CliRun run = run_gw({"--config", config, "config", "show"});
  CHECK(run.exit_code == error_info(ErrorKind::kConfig).exit_code);
  CHECK(run.out == "");
  CHECK(contains(run.err, "unknown setting 'server.prot'"));
  CHECK(contains(run.err, config));
}

TEST_CASE("gw config show with a missing --config file is an error") {
  Sandbox sandbox;
  CliRun run = run_gw({"--config", sandbox.path("missing.toml"), "config", "show"});
  CHECK(run.exit_code == error_info(ErrorKind::kConfig).exit_code);
  CHECK(contains(run.err, "missing.toml"));
}

TEST_CASE("gw config without a subcommand is a usage error") {
  Sandbox sandbox;
  CHECK(run_gw({"config"}).exit_code == error_info(ErrorKind::kUsage).exit_code);
}

}  // namespace gw
