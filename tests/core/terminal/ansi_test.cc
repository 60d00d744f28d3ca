// ansi: painting, stripping and measuring styled text.
#include "core/terminal/ansi.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("ansi: paint wraps only when enabled; strip and width ignore escapes") {
  CHECK(ansi::paint("ok", ansi::kGreen, false) == "ok");
  std::string green = ansi::paint("ok", ansi::kGreen, true);
  CHECK(green == "\033[32mok\033[0m");
  CHECK(ansi::strip(green) == "ok");
  CHECK(ansi::visible_width(green) == 2);
  CHECK(ansi::visible_width("h\xC3\xA9llo") == 5);  // é is one column
  CHECK(ansi::paint("", ansi::kRed, true) == "");
}

}  // namespace gw
