// json_splice_fuzz.cc - edit_json_object differential against nlohmann: on
// an object nlohmann accepts, removing and setting members by splicing text
// gives valid JSON equal to the same edits made on nlohmann's tree. The
// input's first bytes choose the edits; the rest is the object.
#include <string>
#include <vector>

#include "core/json/json_depth.h"
#include "core/json/json_scan.h"
#include "core/json/json_splice.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  if (size < 1) return 0;
  const unsigned choice = data[0];
  const std::string_view object = gw::fuzz::text(data + 1, size - 1);
  if (!gw::is_json_object(object) || object.find('\\') != std::string_view::npos) return 0;
  json expected = json::parse(object.begin(), object.end());  // NOLINT: differential oracle

  static constexpr std::string_view kNames[] = {"model", "a", "stream", ""};
  static constexpr std::string_view kValues[] = {"\"gpt\"", "", "[1,{\"x\":null}]", "true", "", "-0.5e3"};
  std::vector<gw::JsonEdit> edits;
  for (int i = 0; i < 3; ++i) {
    const unsigned bits = choice >> (i * 3);
    if ((bits & 1) == 0 && i > 0) continue;
    gw::JsonEdit edit{kNames[(bits >> 1) % 4], kValues[(bits + i) % 6]};
    edits.push_back(edit);
    const std::string name(edit.name);
    if (edit.value.empty()) expected.erase(name);
    else expected[name] = json::parse(edit.value);  // NOLINT: compiled-in text
  }
  const std::string out = gw::edit_json_object(object, edits);
  GW_FUZZ_CHECK(gw::is_json_object(out));
  GW_FUZZ_CHECK(json::parse(out) == expected);  // NOLINT: differential oracle
  return 0;
}
