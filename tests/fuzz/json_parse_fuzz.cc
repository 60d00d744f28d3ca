// json_parse_fuzz.cc - parse_json and parse_ordered_json, the one way text
// becomes a tree: they accept exactly what nlohmann accepts, minus a byte
// order mark and nesting past the limit; a tree they give dumps without
// throwing (invalid UTF-8 replaced), and the two agree.
#include "core/json/json_depth.h"
#include "core/json/json_parse.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  const std::string_view in = gw::fuzz::text(data, size);
  const json tree = gw::parse_json(in);
  const nlohmann::ordered_json ordered = gw::parse_ordered_json(in);
  GW_FUZZ_CHECK(tree.is_discarded() == ordered.is_discarded());
  const bool expected = gw::fuzz::nlohmann_accepts(in) && !gw::starts_with_bom(in) &&
                        !gw::json_nesting_exceeds(in, gw::kMaxParsedJsonDepth);
  GW_FUZZ_CHECK(tree.is_discarded() != expected);
  // A smaller limit refuses at least what the default refuses.
  const json shallow = gw::parse_json(in, 3);
  if (tree.is_discarded()) GW_FUZZ_CHECK(shallow.is_discarded());
  if (!tree.is_discarded()) {
    const std::string dumped = tree.dump(-1, ' ', false, json::error_handler_t::replace);
    GW_FUZZ_CHECK(gw::parse_json(dumped) == tree);
    GW_FUZZ_CHECK(json(ordered) == tree);
  }
  return 0;
}
