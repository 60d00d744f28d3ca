// json_view_fuzz.cc - json_view differential against nlohmann::json: on every
// text nlohmann accepts (within the depth limit), walking it with
// JsonMembers/JsonElements and reading each value with json_type,
// json_integer, json_number, json_boolean and json_string gives what
// nlohmann's tree holds; json_member finds the last member of a name.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json/json_depth.h"
#include "core/json/json_scan.h"
#include "core/json/json_view.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using nlohmann::json;

gw::JsonType type_of(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return gw::JsonType::kNull;
    case json::value_t::boolean:
      return gw::JsonType::kBoolean;
    case json::value_t::string:
      return gw::JsonType::kString;
    case json::value_t::array:
      return gw::JsonType::kArray;
    case json::value_t::object:
      return gw::JsonType::kObject;
    default:
      return gw::JsonType::kNumber;
  }
}

void compare(std::string_view raw, const json& j) {
  GW_FUZZ_CHECK(gw::json_type(raw) == type_of(j));
  const auto integer = gw::json_integer(raw);
  GW_FUZZ_CHECK(integer.has_value() == j.is_number_integer());
  if (integer) GW_FUZZ_CHECK(*integer == j.get<int64_t>());
  const auto number = gw::json_number(raw);
  GW_FUZZ_CHECK(number.has_value() == j.is_number());
  if (number) GW_FUZZ_CHECK(*number == j.get<double>());
  const auto boolean = gw::json_boolean(raw);
  GW_FUZZ_CHECK(boolean.has_value() == j.is_boolean());
  if (boolean) GW_FUZZ_CHECK(*boolean == j.get<bool>());
  const auto str = gw::json_string(raw);
  GW_FUZZ_CHECK(str.has_value() == j.is_string());
  if (str) {
    GW_FUZZ_CHECK(*str == j.get<std::string>());
    GW_FUZZ_CHECK(gw::json_string_size(raw) == str->size());
    GW_FUZZ_CHECK(gw::json_string_equals(raw, *str));
  }
  if (j.is_array()) {
    gw::JsonElements elements(raw);
    std::string_view value;
    size_t i = 0;
    while (elements.next(value)) {
      GW_FUZZ_CHECK(i < j.size());
      compare(value, j[i++]);
    }
    GW_FUZZ_CHECK(i == j.size());
  } else if (j.is_object()) {
    // The last member of each (decoded) name is the one nlohmann keeps.
    std::map<std::string, std::pair<std::string_view, std::string_view>> last;  // name -> (raw name, value)
    gw::JsonMembers members(raw);
    std::string_view name, value;
    while (members.next(name, value)) {
      const auto decoded = gw::json_string("\"" + std::string(name) + "\"");
      GW_FUZZ_CHECK(decoded.has_value());
      last[*decoded] = {name, value};
    }
    GW_FUZZ_CHECK(last.size() == j.size());
    for (const auto& [key, where] : last) {
      GW_FUZZ_CHECK(j.contains(key));
      compare(where.second, j.at(key));
      if (where.first == key) GW_FUZZ_CHECK(gw::json_member(raw, key) == where.second);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in = gw::fuzz::text(data, size);
  if (!gw::fuzz::nlohmann_accepts(in) || in.substr(0, 3) == "\xEF\xBB\xBF" ||
      gw::json_nesting_exceeds(in, gw::kMaxJsonScanDepth))
    return 0;
  const json tree = json::parse(in.begin(), in.end());  // NOLINT: differential oracle
  // Callers hand json_view raw values with no blanks around them.
  const size_t first = in.find_first_not_of(" \t\r\n");
  const size_t last = in.find_last_not_of(" \t\r\n");
  compare(in.substr(first, last - first + 1), tree);
  return 0;
}
