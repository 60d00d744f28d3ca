// The committed completion scripts are exactly what the binary generates
// from its command table; this fails when a command or option changes and
// completions/ was not regenerated (`gw completions SHELL > completions/...`).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli/command_table.h"

namespace {

std::string generated(const char* shell) {
  std::ostringstream out, err;
  std::istringstream in;
  gw::AppContext ctx;
  ctx.out = &out;
  ctx.err = &err;
  ctx.in = &in;
  const char* argv[] = {"gw", "completions", shell};
  REQUIRE(gw::run_cli(3, argv, ctx) == 0);
  return out.str();
}

std::string committed(const std::string& file) {
  std::ifstream in(std::string(GW_SOURCE_DIR) + "/completions/" + file);
  REQUIRE(in.good());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
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
  std::string words = " " + bash.substr(at + marker.size(), bash.find('"', at + marker.size()) - at - marker.size()) + " ";
  for (const auto& spec : gw::command_table())
    CHECK(words.find(" " + std::string(spec.name) + " ") != std::string::npos);
  CHECK(bash.find("complete -F _gw gw") != std::string::npos);
}

TEST_CASE("a mistyped command gets a did-you-mean and the usage exit code") {
  std::ostringstream out, err;
  std::istringstream in;
  gw::AppContext ctx;
  ctx.out = &out;
  ctx.err = &err;
  ctx.in = &in;
  const char* argv[] = {"gw", "modles", "list"};
  CHECK(gw::run_cli(3, argv, ctx) == 64);
  CHECK(err.str().find("unknown command 'gw modles'; did you mean 'gw models'?") != std::string::npos);
  std::ostringstream err2;
  ctx.err = &err2;
  const char* argv2[] = {"gw", "models", "lst"};
  CHECK(gw::run_cli(3, argv2, ctx) == 64);
  CHECK(err2.str().find("did you mean 'gw models list'?") != std::string::npos);
}
