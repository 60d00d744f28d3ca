// Tests for proxy/io/paths.h: XDG locations, the db path order, loading the
// config file and make_dirs. Uses real temp directories and restores every
// environment variable it changes.
#include "proxy/io/paths.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

TEST_CASE("paths: default paths follow XDG_CONFIG_HOME and XDG_DATA_HOME") {
  TempDir tmp;
  ScopedEnv config_home("XDG_CONFIG_HOME", (tmp.path() + "/cfg").c_str());
  ScopedEnv data_home("XDG_DATA_HOME", (tmp.path() + "/data").c_str());
  CHECK(default_config_path() == tmp.path() + "/cfg/gw/config.toml");
  CHECK(default_data_dir() == tmp.path() + "/data/gw");
  CHECK(db_path("", Config{}) == tmp.path() + "/data/gw/gw.db");
}

TEST_CASE("paths: default paths fall back to HOME when XDG variables are unset, empty or relative") {
  TempDir home;
  ScopedEnv home_env("HOME", home.path().c_str());
  {
    ScopedEnv config_home("XDG_CONFIG_HOME", nullptr);
    ScopedEnv data_home("XDG_DATA_HOME", nullptr);
    CHECK(default_config_path() == home.path() + "/.config/gw/config.toml");
    CHECK(default_data_dir() == home.path() + "/.local/share/gw");
  }
  {
    ScopedEnv config_home("XDG_CONFIG_HOME", "");
    ScopedEnv data_home("XDG_DATA_HOME", "relative/dir");
    CHECK(default_config_path() == home.path() + "/.config/gw/config.toml");
    CHECK(default_data_dir() == home.path() + "/.local/share/gw");
  }
}

TEST_CASE("paths: an explicit config path wins over the default") {
  TempDir tmp;
  ScopedEnv config_home("XDG_CONFIG_HOME", tmp.path().c_str());
  CHECK(config_path("/etc/gw.toml") == "/etc/gw.toml");
  CHECK(config_path("") == tmp.path() + "/gw/config.toml");
}

TEST_CASE("paths: db path order is explicit, then GW_DB, then [db] path, then XDG") {
  TempDir tmp;
  ScopedEnv data_home("XDG_DATA_HOME", tmp.path().c_str());
  Config with_db;
  with_db.db_path = "/from/config.db";
  {
    ScopedEnv gw_db("GW_DB", "/from/env.db");
    CHECK(db_path("/from/flag.db", with_db) == "/from/flag.db");
    CHECK(db_path("", with_db) == "/from/env.db");
  }
  ScopedEnv gw_db("GW_DB", nullptr);
  CHECK(db_path("", with_db) == "/from/config.db");
  CHECK(db_path("", Config{}) == tmp.path() + "/gw/gw.db");
}

TEST_CASE("paths: a missing config file at the default location means all defaults") {
  TempDir tmp;
  ScopedEnv config_home("XDG_CONFIG_HOME", tmp.path().c_str());
  Result<Config> config = load_config("");
  REQUIRE(config.ok());
  CHECK(config->server.port == 8080);
}

TEST_CASE("paths: a missing config file that was asked for is an error naming it") {
  TempDir tmp;
  std::string missing = tmp.path() + "/nope.toml";
  Result<Config> config = load_config(missing);
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().kind == ErrorKind::kConfig);
  CHECK(config.error().message.find(missing) != std::string::npos);
}

TEST_CASE("paths: load_config reads the named file") {
  TempDir tmp;
  std::string file = tmp.path() + "/gw.toml";
  write_file(file, "[server]\nport = 9123\n[providers.groq]\napi_key_env = \"G\"\n");
  Result<Config> config = load_config(file);
  REQUIRE_MESSAGE(config.ok(), config.error().message);
  CHECK(config->server.port == 9123);
  CHECK(config->providers["groq"].api_key_env == "G");
}

TEST_CASE("paths: load_config reads the default file from XDG_CONFIG_HOME") {
  TempDir tmp;
  ScopedEnv config_home("XDG_CONFIG_HOME", tmp.path().c_str());
  REQUIRE(make_dirs(tmp.path() + "/gw").ok());
  write_file(tmp.path() + "/gw/config.toml", "[log]\nlevel = \"debug\"\n");
  Result<Config> config = load_config("");
  REQUIRE(config.ok());
  CHECK(config->log.level == "debug");
}

TEST_CASE("paths: a config file with an error reports the file name and line") {
  TempDir tmp;
  std::string file = tmp.path() + "/gw.toml";
  write_file(file, "[server]\n\nprot = 1\n");
  Result<Config> config = load_config(file);
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().kind == ErrorKind::kConfig);
  CHECK(config.error().message.find(file) != std::string::npos);
  CHECK(config.error().message.find("server.prot") != std::string::npos);
  CHECK(config.error().message.find("line 3") != std::string::npos);
}

TEST_CASE("paths: make_dirs creates nested private directories and accepts existing ones") {
  TempDir tmp;
  std::string dir = tmp.path() + "/a/b/c";
  REQUIRE(make_dirs(dir).ok());
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK(S_ISDIR(st.st_mode));
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(make_dirs(dir).ok());
  CHECK(make_dirs(dir + "/").ok());
}

TEST_CASE("paths: make_dirs fails when a file is in the way") {
  TempDir tmp;
  write_file(tmp.path() + "/file", "x");
  Status st = make_dirs(tmp.path() + "/file/sub");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::kIo);
  CHECK(make_dirs(tmp.path() + "/file").ok() == false);
}

}  // namespace gw
