// chat_shape_fuzz.cc - normalize_chat_answer_object on what an upstream may
// send: on any bytes it stays inside the text; on an object gw's scanner
// accepts (as the relay checks first), the result is a valid JSON object
// holding exactly the documented members of the input, with the same values
// except `model`, which says the canonical name where it said the native one.
#include <algorithm>
#include <string>

#include "core/dialects/openai_chat_shape.h"
#include "core/json/json_scan.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  const std::string_view in = gw::fuzz::text(data, size);
  std::string text(in);
  const bool valid = gw::is_json_object(in) && in.find('\\') == std::string_view::npos;
  gw::normalize_chat_answer_object(text, 0, text.size(), "m", "p/m");
  if (!valid) return 0;

  json before = json::parse(in);  // NOLINT: differential oracle
  GW_FUZZ_CHECK(gw::is_json_object(text));
  json after = json::parse(text);  // NOLINT: differential oracle
  for (auto& [name, value] : before.items()) {
    const bool documented = std::find(std::begin(gw::kChatAnswerMembers), std::end(gw::kChatAnswerMembers), name) !=
                            std::end(gw::kChatAnswerMembers);
    GW_FUZZ_CHECK(after.contains(name) == documented);
    if (!documented) continue;
    if (name == "model" && value == "m") GW_FUZZ_CHECK(after[name] == "p/m");
    else GW_FUZZ_CHECK(after[name] == value);
  }
  GW_FUZZ_CHECK(after.size() <= before.size());
  return 0;
}
