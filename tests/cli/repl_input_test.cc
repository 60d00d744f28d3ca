// InputAssembler: how typed lines become one input.
#include "cli/repl_input.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("input: a plain line is a whole input") {
  InputAssembler a;
  CHECK(a.feed("hello") == std::optional<std::string>("hello"));
  CHECK_FALSE(a.in_progress());
}

TEST_CASE("input: a trailing backslash continues on the next line") {
  InputAssembler a;
  CHECK_FALSE(a.feed("one \\").has_value());
  CHECK(a.in_progress());
  CHECK_FALSE(a.feed("two\\").has_value());
  CHECK(a.feed("three") == std::optional<std::string>("one \ntwo\nthree"));
  CHECK_FALSE(a.in_progress());
}

TEST_CASE("input: \"\"\" starts and ends a block taken as typed") {
  InputAssembler a;
  CHECK_FALSE(a.feed("\"\"\"").has_value());
  CHECK_FALSE(a.feed("ends with \\").has_value());
  CHECK_FALSE(a.feed("").has_value());
  CHECK_FALSE(a.feed("  \"\"\"  ").has_value());  // not exactly the marker
  CHECK(a.feed("\"\"\"") == std::optional<std::string>("ends with \\\n\n  \"\"\"  "));
}

TEST_CASE("input: reset drops a half-typed input") {
  InputAssembler a;
  a.feed("\"\"\"");
  a.feed("draft");
  a.reset();
  CHECK_FALSE(a.in_progress());
  CHECK(a.feed("fresh") == std::optional<std::string>("fresh"));
}

}  // namespace gw
