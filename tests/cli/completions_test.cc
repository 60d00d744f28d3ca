// The committed completion scripts are exactly what the binary generates
// from its command table; this fails when a command or option changes and
// completions/ was not regenerated (`gw completions SHELL > completions/...`).
#include <doctest/doctest.h>

#include "cli/command_table.h"
#include "tests/support/cli_run.h"

namespace {

std::string generated(const char* shell) {
  gw::CliRun r = gw::run_gw({"completions", shell});
  REQUIRE(r.exit_code == 0);
  return r.out;
}

std::string committed(const std::string& file) {
  std::string text = gw::source_file("completions/" + file);
  REQUIRE(!text.empty());
  return text;
}

}  // namespace

TEST_CASE("completions: committed scripts match the command table (bash, zsh, fish)") {
  CHECK(generated("bash") == committed("gw.bash"));
  CHECK(generated("zsh") == committed("_gw"));
  CHECK(generated("fish") == committed("gw.fish"));
}

TEST_CASE("completions: every subcommand in the table is offered at the top level") {
  std::string bash = generated("bash");
  const std::string marker = "\"gw\") COMPREPLY=($(compgen -W \"";
  size_t at = bash.find(marker);
  REQUIRE(at != std::string::npos);
  std::string words =
      " " + bash.substr(at + marker.size(), bash.find('"', at + marker.size()) - at - marker.size()) + " ";
  for (const auto& spec : gw::command_table()) {
    if (spec.name == "manpage" || spec.name.starts_with("__")) continue;  // hidden: tools, not user commands
    CHECK(words.find(" " + std::string(spec.name) + " ") != std::string::npos);
  }
  CHECK(bash.find("complete -F _gw gw") != std::string::npos);
}

TEST_CASE("a mistyped command gets a did-you-mean and the usage exit code") {
  gw::CliRun top = gw::run_gw({"modles", "list"});
  CHECK(top.exit_code == 64);
  CHECK(top.err.find("unknown command 'gw modles'; did you mean 'gw models'?") != std::string::npos);
  gw::CliRun nested = gw::run_gw({"models", "lst"});
  CHECK(nested.exit_code == 64);
  CHECK(nested.err.find("did you mean 'gw models list'?") != std::string::npos);
}
