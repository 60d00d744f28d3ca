// cached_answer_codec_fuzz.cc - bytes read back from a shared cache (Redis:
// core/cache/cached_answer_codec.h) are whatever that store holds. decode()
// accepts only what encode() writes, so an accepted input encodes back to
// exactly itself; and anything encoded decodes again.
#include "core/cache/cached_answer_codec.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = gw::fuzz::text(data, size);
  auto answer = gw::decode_cached_answer(bytes);
  if (!answer) return 0;
  const std::string again = gw::encode_cached_answer(*answer);
  GW_FUZZ_CHECK(again == bytes);
  GW_FUZZ_CHECK(gw::decode_cached_answer(again).has_value());
  return 0;
}
