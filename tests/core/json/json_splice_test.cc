// json_splice_test.cc - rewriting chosen members of an object's text while
// the rest passes byte for byte.
#include "core/json/json_splice.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gw {

TEST_CASE("json splice: a set replaces the member where it was, other members pass untouched") {
  const JsonEdit edits[] = {{"model", R"("native-1")"}};
  CHECK(edit_json_object(R"({"a":1.50,"model":"m","b":{"model":"nested"}})", edits) ==
        R"({"a":1.50,"model":"native-1","b":{"model":"nested"}})");
}

TEST_CASE("json splice: a removal drops every member of that name; a set writes its name once") {
  const JsonEdit edits[] = {{"provider", ""}, {"x", "2"}};
  CHECK(edit_json_object(R"({"provider":"a","x":0,"k":"v","provider":"b","x":1})", edits) == R"({"x":2,"k":"v"})");
}

TEST_CASE("json splice: a set of an absent member is appended; removing an absent one changes nothing") {
  const JsonEdit edits[] = {{"gone", ""}, {"stream_options", R"({"include_usage":true})"}};
  CHECK(edit_json_object(R"({"a":[1, 2]})", edits) == R"({"a":[1, 2],"stream_options":{"include_usage":true}})");
  CHECK(edit_json_object("{}", edits) == R"({"stream_options":{"include_usage":true}})");
  CHECK(edit_json_object(" { } ", std::span<const JsonEdit>()) == "{}");
}

TEST_CASE("json splice: the later of two edits of one name wins; blanks between members go, strings keep theirs") {
  const JsonEdit edits[] = {{"a", "1"}, {"a", ""}, {"b", "3"}, {"b", "4"}};
  CHECK(edit_json_object("{ \"s\" : \"x , y\" ,\n \"a\" : 0 , \"b\" : 0 }", edits) == R"({"s":"x , y","b":4})");
}

TEST_CASE("json splice: the result is the object nlohmann::json would build with the same changes") {
  const std::string text =
      R"({"model":"m","messages":[{"role":"user","content":"h\u00e9 \"q\""}],"temperature":0.2,"provider":"p",)"
      R"("stream":true,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]})";
  const JsonEdit edits[] = {{"model", R"("n")"}, {"provider", ""}, {"top_k", ""}, {"seed", "7"}};
  nlohmann::json expected = nlohmann::json::parse(text);
  expected["model"] = "n";
  expected.erase("provider");
  expected["seed"] = 7;
  CHECK(nlohmann::json::parse(edit_json_object(text, edits)) == expected);
}

TEST_CASE("json splice: more edits than fit its small table work the same") {
  std::vector<std::string> names;
  for (int i = 0; i < 40; ++i) names.push_back("k" + std::to_string(i));
  std::vector<JsonEdit> edits;
  for (const std::string& n : names) edits.push_back({n, "1"});
  std::string out = edit_json_object(R"({"k3":0,"z":0})", edits);
  nlohmann::json j = nlohmann::json::parse(out);
  CHECK(j.size() == 41);
  CHECK(j["k3"] == 1);
  CHECK(j["k39"] == 1);
  CHECK(out.rfind(R"({"k3":1,"z":0,"k0":1,)", 0) == 0);
}

}  // namespace gw
