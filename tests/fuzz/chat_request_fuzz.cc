// chat_request_fuzz.cc - an OpenAI chat-completions body (parse_chat_request)
// and everything gw does with one: its tree, the spliced and the tree
// upstream bodies, a lowered token limit, and its translation for every
// provider adapter (where JSON held in strings, tool arguments among it, is
// parsed again).
#include <string>

#include "core/json/json_scan.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = gw::parse_chat_request(gw::fuzz::text(data, size));
  if (!parsed.ok()) return 0;
  gw::ChatRequest& request = parsed.value();
  (void)request.tree();
  if (auto spliced = gw::openai_upstream_text(request, "native-model", {})) GW_FUZZ_CHECK(gw::is_json_object(*spliced));
  (void)gw::openai_upstream_body(request, "native-model")
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  gw::fuzz::translate_for_every_provider(request);
  request.set_max_tokens(16);
  gw::fuzz::translate_for_every_provider(request);
  return 0;
}
