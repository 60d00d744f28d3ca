// anthropic_request_fuzz.cc - an Anthropic Messages body, as translated
// (parse_anthropic_request, then every provider adapter), counted
// (anthropic_count_tokens) and read on the native road (read_request,
// build_request).
#include "core/dialects/anthropic_messages_dialect.h"
#include "core/dialects/native_road.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gw;
  const std::string_view body = fuzz::text(data, size);
  (void)anthropic_count_tokens(body);
  if (auto parsed = parse_anthropic_request(body); parsed.ok()) fuzz::translate_for_every_provider(parsed.value());
  if (auto native = anthropic_native_road().read_request(body); native.ok()) {
    static const ProviderEndpoint anthropic = fuzz::endpoint("anthropic");
    static const Headers headers;
    NativeCall call;
    call.body = body;
    call.headers = &headers;
    call.capped_max_tokens = 7;
    (void)anthropic_native_road().build_request(call, "native-model", anthropic, native.value().stream);
  }
  return 0;
}
