// ASCII helpers used by the security parsers.
#include "core/base/ascii_text.h"

#include <doctest/doctest.h>

#include <limits>

namespace gw {

TEST_CASE("ascii_lower: only A-Z change") {
  CHECK(ascii_lower("MiXeD.Example.COM") == "mixed.example.com");
  CHECK(ascii_lower("Ä-1_z") == "Ä-1_z");
}

TEST_CASE("trim_blanks: spaces, tabs and line ends at either side") {
  CHECK(trim_blanks(" \t a b \r\n") == "a b");
  CHECK(trim_blanks("   ") == "");
  CHECK(trim_blanks("") == "");
}

TEST_CASE("split: keeps empty parts") {
  CHECK(split("a,,b", ',') == std::vector<std::string_view>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string_view>{""});
  CHECK(split("a,", ',') == std::vector<std::string_view>{"a", ""});
}

TEST_CASE("parse_decimal: digits only, up to INT64_MAX") {
  CHECK(parse_decimal("0") == 0);
  CHECK(parse_decimal("1700000000") == 1'700'000'000);
  CHECK(parse_decimal("9223372036854775807") == std::numeric_limits<int64_t>::max());
  CHECK_FALSE(parse_decimal("9223372036854775808"));
  CHECK_FALSE(parse_decimal(""));
  CHECK_FALSE(parse_decimal("-1"));
  CHECK_FALSE(parse_decimal("+1"));
  CHECK_FALSE(parse_decimal(" 1"));
  CHECK_FALSE(parse_decimal("1e3"));
}

}  // namespace gw
