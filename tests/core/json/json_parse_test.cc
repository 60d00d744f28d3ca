// json_parse_test.cc - the one safe parse of text gw did not compile in.
#include "core/json/json_parse.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace gw {

namespace {
std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("json parse: valid text gives its tree, member order kept by the ordered form") {
  CHECK(parse_json(R"({"a":1,"b":[true]})")["b"][0] == true);
  auto ordered = parse_ordered_json(R"({"z":1,"a":2})");
  CHECK(ordered.dump() == R"({"z":1,"a":2})");
}

TEST_CASE("json parse: invalid text is discarded, never thrown") {
  CHECK(parse_json("{").is_discarded());
  CHECK(parse_json("").is_discarded());
  CHECK(parse_ordered_json("[1,]").is_discarded());
}

TEST_CASE("json parse: nesting past the limit is discarded before any tree is built") {
  CHECK_FALSE(parse_json(nested(kMaxParsedJsonDepth)).is_discarded());
  CHECK(parse_json(nested(kMaxParsedJsonDepth + 1)).is_discarded());
  CHECK(parse_json(nested(20000)).is_discarded());
  CHECK(parse_ordered_json(nested(20000)).is_discarded());
  CHECK(parse_json(nested(3), 2).is_discarded());
}

TEST_CASE("json parse: a UTF-8 byte order mark is refused") {
  CHECK(starts_with_bom("\xEF\xBB\xBF{}"));
  CHECK_FALSE(starts_with_bom("{}"));
  CHECK(parse_json("\xEF\xBB\xBF{}").is_discarded());
  CHECK(parse_ordered_json("\xEF\xBB\xBF[1]").is_discarded());
}

TEST_CASE("json parse: a NUL byte is refused, not taken for the end of the text") {
  using namespace std::string_literals;
  CHECK(parse_json("{\"a\":1}\0"s).is_discarded());
  CHECK(parse_json("{\"a\":1}\0{\"b\":[[["s).is_discarded());
  CHECK(parse_ordered_json("true\0\0"s).is_discarded());
  CHECK(parse_json("[\"a\0b\"]"s).is_discarded());
  CHECK_FALSE(parse_json(R"(["a\u0000b"])").is_discarded());  // escaped, as JSON allows
}

}  // namespace gw
