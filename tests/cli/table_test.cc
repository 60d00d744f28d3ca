// Table: aligned on a terminal (colour-aware), tab-separated otherwise.
#include "cli/table.h"

#include <doctest/doctest.h>

#include "cli/color.h"
#include "core/terminal/ansi.h"
#include "tests/support/scoped_env.h"

namespace gw {

TEST_CASE("table: columns align on visible width, escapes and all") {
  Table t({"NAME", "STATE"});
  t.add_row({"openai", ansi::paint("closed", ansi::kGreen, true)});
  t.add_row({"x", "open"});
  CHECK(ansi::strip(t.aligned()) == "NAME    STATE\nopenai  closed\nx       open\n");
  CHECK(t.plain() == "NAME\tSTATE\nopenai\tclosed\nx\topen\n");
}

TEST_CASE("colour: flags decide when given; auto needs a terminal and no NO_COLOR") {
  ScopedEnv unset("NO_COLOR", nullptr);
  CHECK(use_color(ColorMode::kAuto, true));
  CHECK_FALSE(use_color(ColorMode::kAuto, false));
  CHECK(use_color(ColorMode::kAlways, false));
  CHECK_FALSE(use_color(ColorMode::kNever, true));
  {
    ScopedEnv set("NO_COLOR", "1");
    CHECK_FALSE(use_color(ColorMode::kAuto, true));
    CHECK(use_color(ColorMode::kAlways, true));  // an explicit flag overrides it (no-color.org)
  }
  ScopedEnv empty("NO_COLOR", "");
  CHECK(use_color(ColorMode::kAuto, true));  // empty counts as unset
  CHECK(parse_color_mode("always") == ColorMode::kAlways);
  CHECK_FALSE(parse_color_mode("yes").has_value());
}

}  // namespace gw
