// JsonWriter: valid JSON whatever the input bytes, commas in the right places.
#include "core/json/json_writer.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace gw {

TEST_CASE("json writer: nested objects and arrays with commas only between elements") {
  std::string out;
  JsonWriter j(out);
  j.begin_object().field("a", 1).key("list").begin_array().value("x").value(int64_t{-2}).value(true);
  j.begin_object().end_object().end_array().field("b", false).end_object();
  CHECK(out == R"({"a":1,"list":["x",-2,true,{}],"b":false})");
}

TEST_CASE("json writer: strings are escaped and invalid UTF-8 becomes U+FFFD") {
  std::string out;
  append_json_string(out, "q\"b\\n\n\t\x01 caf\xc3\xa9 \xe2\x82\xac bad\xff\xc3 end");
  auto parsed = nlohmann::json::parse(out);
  CHECK(parsed.get<std::string>() == "q\"b\\n\n\t\x01 caf\xc3\xa9 \xe2\x82\xac bad\xef\xbf\xbd\xef\xbf\xbd end");
  std::string overlong;
  append_json_string(overlong, "\xc0\xaf\xed\xa0\x80");  // overlong '/', a UTF-16 surrogate
  CHECK(nlohmann::json::parse(overlong).get<std::string>() ==
        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

}  // namespace gw
