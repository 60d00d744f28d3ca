// responses_request_fuzz.cc - an OpenAI Responses body, as translated (the
// dialect's parse_request, then every provider adapter: reasoning items'
// encrypted_content and tool arguments are JSON inside strings) and read on
// the native road (read_request, build_request).
#include "core/dialects/native_road.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gw;
  const std::string_view body = fuzz::text(data, size);
  if (auto parsed = openai_responses_dialect().parse_request(body); parsed.ok())
    fuzz::translate_for_every_provider(parsed.value());
  if (auto native = responses_native_road().read_request(body); native.ok()) {
    static const ProviderEndpoint openai = fuzz::endpoint("openai");
    static const Headers headers;
    NativeCall call;
    call.body = body;
    call.headers = &headers;
    call.capped_max_tokens = 7;
    (void)responses_native_road().build_request(call, "native-model", openai, native.value().stream);
  }
  return 0;
}
