// man/gw.1 is exactly what `gw manpage` generates from the command and error
// tables; this fails when either changes and the page was not regenerated
// (`build/gw manpage > man/gw.1`).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli/command_table.h"

namespace {

std::string run(std::initializer_list<const char*> args) {
  std::ostringstream out, err;
  std::istringstream in;
  gw::AppContext ctx;
  ctx.out = &out;
  ctx.err = &err;
  ctx.in = &in;
  std::vector<const char*> argv(args);
  gw::run_cli(static_cast<int>(argv.size()), argv.data(), ctx);
  return out.str();
}

}  // namespace

TEST_CASE("man page: the committed gw.1 matches the binary") {
  std::ifstream in(std::string(GW_SOURCE_DIR) + "/man/gw.1");
  REQUIRE(in.good());
  std::string committed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(run({"gw", "manpage"}) == committed);
}

TEST_CASE("man page: covers every command, the environment and every exit code") {
  std::string page = run({"gw", "manpage"});
  for (const auto& spec : gw::command_table()) {
    if (spec.name == "manpage") continue;
    CHECK(page.find(".SS \"gw " + std::string(spec.name) + "\"") != std::string::npos);
  }
  for (const char* word : {"GW_CONFIG", "GW_DB", "GW_MASTER_KEY", "OPENAI_API_KEY", "config.toml", "gw.db"})
    CHECK(page.find(word) != std::string::npos);
  for (const gw::ErrorInfo* e = gw::error_table_begin(); e != gw::error_table_end(); ++e)
    CHECK(page.find(".TP\n" + std::to_string(e->exit_code) + "\n") != std::string::npos);
}

TEST_CASE("man page: hidden from the everyday help") {
  CHECK(run({"gw", "--help"}).find("manpage") == std::string::npos);
}
