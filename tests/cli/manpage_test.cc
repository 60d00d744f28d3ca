// man/gw.1 is exactly what `gw manpage` generates from the command and error
// tables; this fails when either changes and the page was not regenerated
// (`build/gw manpage > man/gw.1`).
#include <doctest/doctest.h>

#include "cli/command_table.h"
#include "tests/support/cli_run.h"

TEST_CASE("man page: the committed gw.1 matches the binary") {
  std::string committed = gw::source_file("man/gw.1");
  REQUIRE(!committed.empty());
  CHECK(gw::run_gw({"manpage"}).out == committed);
}

TEST_CASE("man page: covers every command, the environment and every exit code") {
  std::string page = gw::run_gw({"manpage"}).out;
  for (const auto& spec : gw::command_table()) {
    if (spec.name == "manpage" || spec.name.starts_with("__")) continue;  // hidden tools
    CHECK(page.find(".SS \"gw " + std::string(spec.name) + "\"") != std::string::npos);
  }
  CHECK(page.find(".SH EXAMPLES\n") != std::string::npos);
  CHECK(page.find("\\fBgw chat \\-c \"and in French?\"\\fR") != std::string::npos);
  for (const char* word : {"GW_CONFIG", "GW_DB", "GW_MASTER_KEY", "OPENAI_API_KEY", "config.toml", "gw.db"})
    CHECK(page.find(word) != std::string::npos);
  for (const gw::ErrorInfo* e = gw::error_table_begin(); e != gw::error_table_end(); ++e)
    CHECK(page.find(".TP\n" + std::to_string(e->exit_code) + "\n") != std::string::npos);
}

TEST_CASE("man page: hidden from the everyday help") {
  CHECK(gw::run_gw({"--help"}).out.find("manpage") == std::string::npos);
}
