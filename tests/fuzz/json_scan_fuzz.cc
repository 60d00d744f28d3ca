// json_scan_fuzz.cc - json_scan differential against nlohmann::json: within
// the depth limit, top_level_members accepts exactly the texts nlohmann
// accepts as an object (a byte order mark aside: RFC 8259 forbids it,
// nlohmann skips it), and every member it returns parses to nlohmann's value
// of that member.
#include <array>
#include <string_view>

#include "core/json/json_depth.h"
#include "core/json/json_scan.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  const std::string_view in = gw::fuzz::text(data, size);
  static constexpr std::array<std::string_view, 4> kNames = {"model", "a", "usage", ""};
  const auto members = gw::top_level_members(in, kNames);
  GW_FUZZ_CHECK(members.has_value() == gw::is_json_object(in));
  if (in.substr(0, 3) == "\xEF\xBB\xBF") {
    GW_FUZZ_CHECK(!members.has_value());
    return 0;
  }
  const bool too_deep = gw::json_nesting_exceeds(in, gw::kMaxJsonScanDepth);
  if (too_deep) GW_FUZZ_CHECK(!members.has_value());
  const bool accepted = gw::fuzz::nlohmann_accepts(in);
  if (members.has_value()) GW_FUZZ_CHECK(accepted);
  if (!accepted || too_deep) return 0;
  // nlohmann accepts it and it is shallow enough: gw must agree, for objects.
  const json tree = json::parse(in.begin(), in.end());  // NOLINT: differential oracle
  GW_FUZZ_CHECK(members.has_value() == tree.is_object());
  if (!members.has_value()) return 0;
  const bool has_escapes = in.find('\\') != std::string_view::npos;
  for (size_t i = 0; i < kNames.size(); ++i) {
    const std::string_view raw = (*members)[i];
    const std::string name(kNames[i]);
    if (raw.empty()) {
      // Absent as written; present in the tree only under an escaped spelling.
      if (!has_escapes) GW_FUZZ_CHECK(!tree.contains(name));
      continue;
    }
    GW_FUZZ_CHECK(tree.contains(name));
    if (!has_escapes) GW_FUZZ_CHECK(json::parse(raw.begin(), raw.end()) == tree.at(name));
  }
  return 0;
}
