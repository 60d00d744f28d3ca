// json_scan_test.cc - the validating scanner agrees with nlohmann::json on
// what is JSON, and finds top-level members' raw text.
#include "core/json/json_scan.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace gw {
namespace {

constexpr std::string_view kNames[] = {"usage", "data"};

bool scans(std::string_view text) { return top_level_members(text, kNames).has_value(); }

bool nlohmann_object(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return !j.is_discarded() && j.is_object();
}

}  // namespace

TEST_CASE("json scan: finds top-level members' raw text, not nested ones; the last of a repeated name") {
  std::string text =
      R"({"choices":[{"message":{"content":"a \"usage\": {} b","usage":1}}],"usage" : {"prompt_tokens":9, "x":[1,2]} ,)"
      R"("data":null,"usage":{"prompt_tokens":10}})";
  auto m = top_level_members(text, kNames);
  REQUIRE(m);
  CHECK((*m)[0] == R"({"prompt_tokens":10})");
  CHECK((*m)[1] == "null");
  auto none = top_level_members(R"({"a":{"usage":1}})", kNames);
  REQUIRE(none);
  CHECK((*none)[0].empty());
  CHECK(top_level_members(R"({"us\u0061ge":1})", kNames)->at(0).empty());  // escaped names do not match
}

TEST_CASE("json scan: accepts and refuses exactly what nlohmann::json does (objects only)") {
  const std::string cases[] = {
      "{}", " {\n\t\"a\" : 1 } ", R"({"a":[],"b":{},"c":[1,-2.5e+3,0,0.1,1E9,true,false,null,"x"]})",
      R"({"s":"esc \" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00"})",
      "{\"utf8\":\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"}",
      // refused:
      "", "[]", "\"str\"", "42", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":1}x", "{\"a\":1}{}",
      "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":tru}", "{\"a\":nul}",
      "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"raw\ncontrol\"}",
      "{\"a\":\"\xc3\"}", "{\"a\":\"\xc0\xaf\"}", "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}",
      "{\"a\":\"\xff\"}", "{a:1}", "{'a':1}", "{\"a\":[1 2]}", "{\"a\":[1,]}", "{\"a\":NaN}",
      // surrogates: a pair is one character, either half alone is refused
      R"({"a":"\ud83d\ude00"})", R"({"a":"\uD800"})", R"({"a":"\uDC00"})", R"({"a":"\uD800x"})",
      R"({"a":"\uD800\u0041"})", R"({"a":"\uD800\uD800"})", R"({"a":"\uDBFF\uDFFF"})", R"({"a":"\uDE00\uD83D"})",
      // numbers beyond the double range are refused, tiny ones are zero
      R"({"a":1e308})", R"({"a":1e309})", R"({"a":-1e400})", R"({"a":1e-400})", R"({"a":0.1e310})",
      R"({"a":0.0000001e-320})", R"({"a":100e307})", R"({"a":10e-330})", R"({"a":1e99999999999999999999999})",
      R"({"a":1e-99999999999999999999999})", R"({"a":0e99999})", R"({"a":18446744073709551616})",
      R"({"a":-9223372036854775809})", R"({"a":[)" + std::string(400, '9') + "]}",
      R"({"a":0.)" + std::string(400, '0') + "1}"};
  for (const std::string& text : cases) {
    CAPTURE(text);
    CHECK(scans(text) == nlohmann_object(text));
  }
}

TEST_CASE("json scan: long strings are checked byte for byte wherever the odd byte falls") {
  const std::string odd[] = {"\n", "\x01", "\x7f", "\\\"", "\\u0041", "\\x", "\xc3\xa9", "\xc3", "\xff", "\"x"};
  for (size_t at = 0; at < 60; ++at) {  // inside and past the first bytes looked at one by one
    for (const std::string& o : odd) {
      const std::string text = "{\"s\":\"" + std::string(at, 'a') + o + std::string(59 - at, 'b') + "\"}";
      CAPTURE(text);
      CHECK(scans(text) == nlohmann_object(text));
    }
  }
}

TEST_CASE("json scan: nesting deeper than the limit is refused, at the limit accepted") {
  auto nested = [](int depth) {
    std::string s = "{\"a\":";
    for (int i = 1; i < depth; ++i) s += "[";
    s += "0";
    for (int i = 1; i < depth; ++i) s += "]";
    return s + "}";
  };
  CHECK(scans(nested(kMaxJsonScanDepth)));
  CHECK_FALSE(scans(nested(kMaxJsonScanDepth + 1)));
  CHECK_FALSE(scans("{\"a\":" + std::string(100000, '[')));  // no stack overflow on hostile input
}

}  // namespace gw
