// json_depth_test.cc - the nesting check run on request bodies before parsing.
#include "core/json/json_depth.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {

namespace {
std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("json depth: nesting up to the limit passes, one more level does not") {
  CHECK_FALSE(json_nesting_exceeds(nested(512), 512));
  CHECK(json_nesting_exceeds(nested(513), 512));
  CHECK(json_nesting_exceeds(nested(100000), kMaxRequestJsonDepth));
  CHECK_FALSE(json_nesting_exceeds(R"({"a":{"b":[1,{"c":[]}]},"d":[[]]})", 5));  // 5 levels: { { [ { [
  CHECK(json_nesting_exceeds(R"({"a":{"b":[1,{"c":[]}]}})", 4));
}

TEST_CASE("json depth: siblings do not add up, and brackets inside strings do not count") {
  std::string siblings = "[";
  for (int i = 0; i < 1000; ++i) siblings += "[[]],";
  siblings += "[]]";
  CHECK_FALSE(json_nesting_exceeds(siblings, 3));
  CHECK_FALSE(json_nesting_exceeds(R"({"text":"[[[[{{{{ \" [[[[ \\"})", 1));
  CHECK(json_nesting_exceeds(R"({"text":"\\",  "x":[[]]})", 2));  // the escaped backslash ends the string
}

TEST_CASE("json depth: JSON bodies are told from multipart and binary ones by their first byte") {
  CHECK(looks_like_json("  \r\n{\"model\":\"m\"}"));
  CHECK(looks_like_json("[1]"));
  CHECK_FALSE(looks_like_json("--boundary\r\nContent-Disposition: form-data"));
  CHECK_FALSE(looks_like_json(""));
  CHECK_FALSE(looks_like_json("   "));
}

}  // namespace gw
