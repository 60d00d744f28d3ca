// What gw says when a command is incomplete, mistyped or given a bad value:
// the list of what could come next, did-you-mean, and messages in the
// command line's words (never an API field's).
#include <doctest/doctest.h>

#include "tests/support/cli_run.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {

TEST_CASE("messages: bare gw and gw models list the commands that could follow") {
  CliRun bare = run_gw({});
  CHECK(bare.exit_code == 64);
  CHECK(bare.err.rfind("gw: 'gw' needs a command:\n", 0) == 0);
  CHECK(bare.err.find("\n  chat ") != std::string::npos);
  CHECK(bare.err.find("\n  models ") != std::string::npos);
  CliRun models = run_gw({"models"});
  CHECK(models.exit_code == 64);
  CHECK(models.err ==
        "gw: 'gw models' needs a command:\n"
        "  list  List the models this gw can serve\n"
        "  show  Show one model: prices, context, providers\n"
        "  sync  Refresh a running server's catalog from the providers' model listings now\n"
        "Run 'gw models --help' for more.\n");
}

TEST_CASE("messages: gw help COMMAND is that command's --help") {
  CliRun help = run_gw({"help", "chat"});
  CHECK(help.exit_code == 0);
  CHECK(help.out == run_gw({"chat", "--help"}).out);
  CHECK(run_gw({"help", "models", "list"}).out == run_gw({"models", "list", "--help"}).out);
  CliRun typo = run_gw({"help", "modls"});
  CHECK(typo.exit_code == 64);
  CHECK(typo.err == "gw: no command 'gw modls'; did you mean 'gw models'?\n");
}

TEST_CASE("messages: a mistyped option gets a did-you-mean") {
  CliRun run = run_gw({"chat", "--modle", "gpt-4o", "hi"});
  CHECK(run.exit_code == 64);
  CHECK(run.err == "gw: unknown option '--modle' for 'gw chat'; did you mean '--model'?\n");
  CHECK(run_gw({"models", "list", "--jsn"}).err ==
        "gw: unknown option '--jsn' for 'gw models list'; did you mean '--json'?\n");
}

TEST_CASE("messages: credits add speaks of the amount, and a negative one takes") {
  TempDir dir;
  dir.write("config.toml", "[server]\nport = 9\n");
  ScopedEnv master("GW_MASTER_KEY", nullptr);
  auto gw = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", dir.file("config.toml"), "--db", dir.file("gw.db")});
    return run_gw(args);
  };
  REQUIRE(gw({"users", "create", "alice"}).exit_code == 0);
  CliRun bad = gw({"credits", "add", "alice", "abc"});
  CHECK(bad.exit_code == 64);
  CHECK(bad.err == "gw: the amount 'abc' is not a number of US dollars (e.g. 10, 0.25 or -5 with --kind adjust)\n");
  REQUIRE(gw({"credits", "add", "alice", "10"}).out.rfind("added $10 to alice\n", 0) == 0);
  CliRun taken = gw({"credits", "add", "alice", "-2", "--kind", "adjust"});
  CHECK(taken.exit_code == 0);
  CHECK(taken.out.rfind("took $2 from alice\n", 0) == 0);
  CliRun too_much = gw({"credits", "add", "alice", "-50", "--kind", "adjust"});
  CHECK(too_much.exit_code == 65);
  CHECK(too_much.err == "gw: taking $50.00 would leave purchased credits below zero (they are $8.00)\n");
}

}  // namespace gw
