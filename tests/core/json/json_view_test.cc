// json_view_test.cc - reading validated JSON text without a tree: members and
// elements in order, and values read as nlohmann::json reads them.
#include "core/json/json_view.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace gw {
namespace {

using nlohmann::json;

std::vector<std::pair<std::string_view, std::string_view>> members_of(std::string_view object) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  std::string_view name, value;
  for (JsonMembers m(object); m.next(name, value);) out.emplace_back(name, value);
  return out;
}

std::vector<std::string_view> elements_of(std::string_view array) {
  std::vector<std::string_view> out;
  std::string_view value;
  for (JsonElements e(array); e.next(value);) out.push_back(value);
  return out;
}

}  // namespace

TEST_CASE("json view: an object's members come in order, raw, with names as written") {
  auto m = members_of(R"( { "a" : 1 , "s":"x \"}\" \\" ,"o":{"k":[1,{"z":"]"}]},"a":-2.5e3,"e\u0061":[], "n":null} )");
  REQUIRE(m.size() == 6);
  CHECK(m[0] == std::pair<std::string_view, std::string_view>{"a", "1"});
  CHECK(m[1].second == R"("x \"}\" \\")");
  CHECK(m[2].second == R"({"k":[1,{"z":"]"}]})");
  CHECK(m[3].second == "-2.5e3");
  CHECK(m[4].first == R"(e\u0061)");
  CHECK(m[4].second == "[]");
  CHECK(m[5].second == "null");
  CHECK(members_of("{}").empty());
  CHECK(members_of("[1]").empty());
  CHECK(json_member(R"({"a":1,"b":2,"a":3})", "a") == "3");
  CHECK(json_member(R"({"a":1})", "b").empty());
  CHECK(json_member(R"({"a":{"b":1}})", "b").empty());  // top level only
}

TEST_CASE("json view: a long string ends at its closing quote wherever an escaped quote falls") {
  for (size_t at = 0; at < 60; ++at) {  // inside and past the first bytes looked at one by one
    const std::string value = "\"" + std::string(at, 'a') + "\\\"" + std::string(59 - at, 'b') + "\\\\\"";
    const std::string object = "{\"s\":" + value + ",\"n\":1}";
    CAPTURE(object);
    auto m = members_of(object);
    REQUIRE(m.size() == 2);
    CHECK(m[0].second == value);
    CHECK(m[1].second == "1");
  }
}

TEST_CASE("json view: an array's elements come in order, raw") {
  auto e = elements_of(R"([ 1, "a,]", {"x":[2,3]} ,[] ,true])");
  REQUIRE(e.size() == 5);
  CHECK(e[0] == "1");
  CHECK(e[1] == R"("a,]")");
  CHECK(e[2] == R"({"x":[2,3]})");
  CHECK(e[3] == "[]");
  CHECK(e[4] == "true");
  CHECK(elements_of("[]").empty());
  CHECK(elements_of(" [ ] ").empty());
}

TEST_CASE("json view: types, booleans and numbers read as nlohmann::json reads them") {
  CHECK(json_type("{}") == JsonType::kObject);
  CHECK(json_type("[]") == JsonType::kArray);
  CHECK(json_type("\"\"") == JsonType::kString);
  CHECK(json_type("false") == JsonType::kBoolean);
  CHECK(json_type("null") == JsonType::kNull);
  CHECK(json_type("") == JsonType::kNull);
  CHECK(json_type("-0.5") == JsonType::kNumber);
  CHECK(json_boolean("true") == true);
  CHECK(json_boolean("false") == false);
  CHECK_FALSE(json_boolean("null"));
  CHECK_FALSE(json_boolean("1"));
  const std::string_view numbers[] = {"0",
                                      "-0",
                                      "7",
                                      "-7",
                                      "1.5",
                                      "1e3",
                                      "1E+3",
                                      "-2.5e-3",
                                      "9223372036854775807",
                                      "9223372036854775808",
                                      "18446744073709551615",
                                      "18446744073709551616",
                                      "-9223372036854775808",
                                      "-9223372036854775809",
                                      "123456789012345678901234567890",
                                      "0.1",
                                      "1e308",
                                      "-1.7976931348623157e308",
                                      "1e-400",
                                      "-1e-400",
                                      "\"5\"",
                                      "true",
                                      "null",
                                      "[1]"};
  for (std::string_view text : numbers) {
    CAPTURE(text);
    json j = json::parse(text);
    auto i = json_integer(text);
    CHECK(i.has_value() == j.is_number_integer());
    if (i && j.is_number_integer()) CHECK(*i == j.get<int64_t>());
    auto d = json_number(text);
    CHECK(d.has_value() == j.is_number());
    if (d && j.is_number()) CHECK(*d == j.get<double>());
  }
}

TEST_CASE("json view: strings decode as nlohmann::json decodes them, and their size is known without decoding") {
  const std::string_view strings[] = {R"("")",
                                      R"("plain")",
                                      R"("esc \" \\ \/ \b \f \n \r \t")",
                                      R"("\u0041\u00e9\u20ac")",
                                      R"("\ud83d\ude00 pair")",
                                      R"("\u0000nul")",
                                      "\"h\xc3\xa9llo \xf0\x9f\x98\x80\"",
                                      R"("trailing \\")",
                                      R"("\\u0041 is not an escape")"};
  for (std::string_view text : strings) {
    CAPTURE(text);
    const std::string decoded = json::parse(text).get<std::string>();
    CHECK(json_string(text) == decoded);
    CHECK(json_string_size(text) == decoded.size());
    CHECK(json_string_equals(text, decoded));
    CHECK_FALSE(json_string_equals(text, decoded + "x"));
  }
  CHECK_FALSE(json_string("12"));
  CHECK(json_string_size("[\"abc\"]") == 0);
  CHECK_FALSE(json_string_equals("null", ""));
}

}  // namespace gw
