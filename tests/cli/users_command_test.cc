// `gw users` run in-process on a database of its own: create, delete, lists
// by name, and which database an explicit --db means.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/cli_run.h"
#include "tests/support/loopback_server.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

// A config whose [server] points at `port` (nothing listens there unless a
// test starts something) and a database next to it.
class UsersSandbox {
 public:
  explicit UsersSandbox(int port = 9) { dir_.write("config.toml", "[server]\nport = " + std::to_string(port) + "\n"); }
  std::string path(const std::string& name) const { return dir_.file(name); }
  CliRun gw(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--config", path("config.toml"), "--db", path("gw.db")});
    return run_gw(args);
  }

 private:
  TempDir dir_;
  ScopedEnv master_{"GW_MASTER_KEY", nullptr};
};

}  // namespace

TEST_CASE("users: creating a name twice is a conflict, exit 73 as the exit-code table says") {
  UsersSandbox box;
  CHECK(box.gw({"users", "create", "alice"}).exit_code == 0);
  CliRun again = box.gw({"users", "create", "alice"});
  CHECK(again.exit_code == 73);
  CHECK(again.err == "gw: a user named 'alice' already exists\n");
  CHECK(error_info(ErrorKind::kConflict).http_status == 409);
}

TEST_CASE("users: an explicit --db means that file even while a server answers") {
  std::atomic<int> hits{0};
  TestServer server([&](httplib::Server& s) {
    s.Post(".*", [&](const httplib::Request&, httplib::Response& res) {
      ++hits;
      res.set_content(R"({"user":{},"key":{}})", "application/json");
    });
  });
  const int port = std::stoi(server.url("").substr(std::string("http://127.0.0.1:").size()));
  UsersSandbox box(port);
  on_own_thread([&] {
    CliRun run = run_gw({"--config", box.path("config.toml"), "--db", box.path("other.db"), "users", "create", "zoe"});
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("user     zoe (usr_") == 0);
  });
  CHECK(hits == 0);
  CHECK(std::filesystem::exists(box.path("other.db")));
  CliRun both = run_gw({"--db", box.path("x.db"), "users", "list", "--url", server.url("")});
  CHECK(both.exit_code == 64);
}

TEST_CASE("users: delete removes the user and its keys, only when confirmed") {
  UsersSandbox box;
  REQUIRE(box.gw({"users", "create", "bob"}).exit_code == 0);
  CliRun unconfirmed = box.gw({"users", "delete", "bob"});  // stdin is not a terminal: nobody to ask
  CHECK(unconfirmed.exit_code == 64);
  CHECK(unconfirmed.err.find("pass --yes") != std::string::npos);
  CliRun deleted = box.gw({"users", "delete", "bob", "--yes"});
  CHECK(deleted.exit_code == 0);
  CHECK(deleted.out == "deleted user bob and its keys\n");
  CHECK(box.gw({"users", "show", "bob"}).exit_code == 66);
  CHECK(nlohmann::json::parse(box.gw({"keys", "list", "--json"}).out).empty());
  CHECK(box.gw({"users", "delete", "bob", "--yes"}).exit_code == 66);
}

TEST_CASE("keys: lists name users, and a key's restrictions are arrays like a webhook's events") {
  UsersSandbox box;
  REQUIRE(box.gw({"users", "create", "alice"}).exit_code == 0);
  REQUIRE(
      box.gw({"keys", "create", "alice", "--ip", "10.0.0.0/8,127.0.0.1/32", "--domain", "app.example.com"}).exit_code ==
      0);
  auto keys = nlohmann::json::parse(box.gw({"keys", "list", "--json"}).out);
  REQUIRE(keys.size() == 2);
  CHECK(keys[1]["user"] == "alice");
  CHECK(keys[1]["ip_allowlist"] == nlohmann::json::array({"10.0.0.0/8", "127.0.0.1/32"}));
  CHECK(keys[1]["domains"] == nlohmann::json::array({"app.example.com"}));
  CHECK(keys[0]["ip_allowlist"] == nlohmann::json::array());
  CliRun table = box.gw({"keys", "list"});
  CHECK(table.out.find("usr_") == std::string::npos);
  CHECK(table.out.find("\talice\t") != std::string::npos);
  CHECK(table.out.find("\t10.0.0.0/8,127.0.0.1/32,app.example.com\n") != std::string::npos);
}

}  // namespace gw
