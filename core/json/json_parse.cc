// json_parse.cc - refuse first (BOM, depth), then let nlohmann parse.
#include "core/json/json_parse.h"

#include <nlohmann/json.hpp>

namespace gw {

namespace {

// A text of n bytes nests at most n levels: short texts need no depth scan.
// A NUL byte is refused wherever it is: JSON text has none (not even raw in
// a string), and nlohmann's lexer would take it for the end of the input
// and accept "{}\0anything" as {} (found by tests/fuzz/json_scan_fuzz.cc:
// json_scan refused what parse_json accepted).
bool refused(std::string_view text, int max_depth) {
  if (starts_with_bom(text) || text.find('\0') != std::string_view::npos) return true;
  return text.size() > static_cast<size_t>(max_depth) && json_nesting_exceeds(text, max_depth);
}

}  // namespace

bool starts_with_bom(std::string_view text) { return text.starts_with("\xEF\xBB\xBF"); }

nlohmann::json parse_json(std::string_view text, int max_depth) {
  if (refused(text, max_depth)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

nlohmann::ordered_json parse_ordered_json(std::string_view text, int max_depth) {
  if (refused(text, max_depth)) return nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
  return nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace gw
