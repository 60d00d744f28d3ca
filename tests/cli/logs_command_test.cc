// `gw logs`: the saved conversations outside the REPL - listed newest first,
// searched, shown whole, as a table, tab-separated or JSON.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/support/cli_run.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

class LogsSandbox {
 public:
  LogsSandbox() { dir_.write("config.toml", ""); }
  CliRun gw(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--config", dir_.file("config.toml"), "--db", dir_.file("gw.db")});
    return run_gw(args);
  }

 private:
  TempDir dir_;
  ScopedEnv model_{"GW_MODEL", nullptr};
};

}  // namespace

TEST_CASE("logs: one-shot conversations are listed newest first, searchable, and shown whole") {
  LogsSandbox box;
  CHECK(box.gw({"logs"}).out == "no saved conversations yet\n");
  REQUIRE(box.gw({"chat", "about kubernetes pods"}).exit_code == 0);
  REQUIRE(box.gw({"chat", "--session", "notes", "-s", "terse", "groceries"}).exit_code == 0);
  CliRun list = box.gw({"logs"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.rfind("NAME\tMODEL\tMESSAGES\tUPDATED\nnotes\tmock/echo\t2\t", 0) == 0);
  CHECK(list.out.find("\nchat-1\tmock/echo\t2\t") != std::string::npos);
  auto found = nlohmann::json::parse(box.gw({"logs", "-q", "KUBERNETES", "--json"}).out);
  REQUIRE(found.size() == 1);
  CHECK(found[0]["name"] == "chat-1");
  CHECK(box.gw({"logs", "list", "-q", "nothing like it"}).out == "no conversation mentions 'nothing like it'\n");
  CliRun shown = box.gw({"logs", "show", "notes"});
  CHECK(shown.out == "# notes (mock/echo)\n\nsystem: terse\n\nuser:\ngroceries\n\nassistant:\ngroceries\n");
  auto whole = nlohmann::json::parse(box.gw({"logs", "show", "chat-1", "--json"}).out);
  CHECK(whole["messages"][0]["content"] == "about kubernetes pods");
  CliRun missing = box.gw({"logs", "show", "nope"});
  CHECK(missing.exit_code == 66);
  CHECK(missing.err == "gw: no conversation named 'nope' (see: gw logs)\n");
}

TEST_CASE("logs requests: the usage log's latest requests, newest first, filtered by model") {
  LogsSandbox box;
  CHECK(box.gw({"logs", "requests"}).out == "no requests logged yet\n");
  REQUIRE(box.gw({"chat", "-m", "mock/echo", "one"}).exit_code == 0);
  REQUIRE(box.gw({"chat", "-m", "mock/echo-priced", "two"}).exit_code == 0);
  auto rows = nlohmann::json::parse(box.gw({"logs", "requests", "--json"}).out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["model"] == "mock/echo-priced");
  CHECK(rows[0]["provider"] == "mock");
  CHECK(rows[0]["status"] == 200);
  auto priced = nlohmann::json::parse(box.gw({"logs", "requests", "-q", "PRICED", "--json"}).out);
  CHECK(priced.size() == 1);
  CliRun table = box.gw({"logs", "requests", "-n", "1"});
  CHECK(table.out.rfind("TIME\tMODEL\tPROVIDER\tUSER\tSTATUS\tTOKENS\tCOST\tLATENCY\n", 0) == 0);
  CHECK(table.out.find("\tmock/echo-priced\tmock\t-\t200\t") != std::string::npos);
}

}  // namespace gw
