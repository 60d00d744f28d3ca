// cached_answer_codec_test.cc - a cached answer survives the trip through
// bytes (Redis) exactly, and bytes it did not write are refused.
#include "core/cache/cached_answer_codec.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

CachedAnswer stream_answer() {
  CachedAnswer a;
  a.model = "openai/gpt-4o";
  a.tenant = "usr_1";
  a.frames = {{0, "data: {\"x\":1}\n\n"}, {12, std::string("bin\0\xff:7:", 8)}, {30, "data: [DONE]\n\n"}};
  a.stream_usage = true;
  a.usage.prompt_tokens = 3;
  a.usage.completion_tokens = 5;
  a.usage.reasoning_tokens = 2;
  a.usage.estimated = true;
  a.cost = Money::from_units(175'000);
  a.stored_ms = 1'700'000'000'123;
  return a;
}

}  // namespace

TEST_CASE("a cached answer decodes to exactly what was encoded, frames byte for byte") {
  const CachedAnswer a = stream_answer();
  auto back = decode_cached_answer(encode_cached_answer(a));
  REQUIRE(back);
  CHECK(back->model == a.model);
  CHECK(back->tenant == a.tenant);
  CHECK(back->body.empty());
  REQUIRE(back->frames.size() == 3);
  CHECK(back->frames[1].at_ms == 12);
  CHECK(back->frames[1].bytes == a.frames[1].bytes);
  CHECK(back->stream_usage);
  CHECK(back->usage.completion_tokens == 5);
  CHECK(back->usage.reasoning_tokens == 2);
  CHECK(back->usage.estimated);
  CHECK(back->cost == a.cost);
  CHECK(back->stored_ms == a.stored_ms);

  CachedAnswer whole;
  whole.body = R"({"id":"x"})";
  auto whole_back = decode_cached_answer(encode_cached_answer(whole));
  REQUIRE(whole_back);
  CHECK(whole_back->body == whole.body);
  CHECK(whole_back->frames.empty());
}

TEST_CASE("bytes the codec did not write are refused, not half-read") {
  const std::string good = encode_cached_answer(stream_answer());
  CHECK_FALSE(decode_cached_answer(""));
  CHECK_FALSE(decode_cached_answer("not an answer"));
  CHECK_FALSE(decode_cached_answer(good.substr(0, good.size() - 3)));  // cut short
  CHECK_FALSE(decode_cached_answer(good + "1:x"));                     // trailing bytes
  std::string other_version = good;
  other_version.replace(0, 7, "5:gwca9");
  CHECK_FALSE(decode_cached_answer(other_version));
}

TEST_CASE("numbers and flags in another spelling than the codec's are refused (fuzz regression)") {
  CachedAnswer a;
  a.model = "m";
  a.stored_ms = 7;
  const std::string good = encode_cached_answer(a);
  REQUIRE(decode_cached_answer(good));
  auto respelled = [&](std::string_view from, std::string_view to) {
    std::string bytes = good;
    const size_t at = bytes.find(from);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, from.size(), to);
    return bytes;
  };
  CHECK_FALSE(decode_cached_answer(respelled("1:7", "2:07")));          // stored_ms with a leading zero
  CHECK_FALSE(decode_cached_answer(respelled("5:gwca1", "05:gwca1")));  // a length with a leading zero
  CHECK_FALSE(decode_cached_answer(respelled("0:1:0", "0:1:2")));       // stream_usage neither 0 nor 1
}

}  // namespace gw
