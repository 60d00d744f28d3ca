// Tests for core/dialects/media_bounds.h: what pre-flight holds for an image
// generation (n images and their largest output) and a transcription (the
// upload's longest duration at 16 kbit/s), and the charge when a provider
// reports no duration.
#include "core/dialects/media_bounds.h"

#include <doctest/doctest.h>

#include <limits>

namespace gw {

TEST_CASE("media bounds: n images may each take OpenAI's largest per-image output, 6240 tokens") {
  MediaBounds one = image_bounds(1);
  CHECK(one.images == 1);
  CHECK(one.max_completion_tokens == 6240);
  CHECK(one.max_audio_ms == 0);
  CHECK(image_bounds(10).max_completion_tokens == 62'400);
}

TEST_CASE("media bounds: an upload is at most as long as at 16 kbit/s: 2 bytes a millisecond, rounded up") {
  CHECK(audio_bounds(48'000).max_audio_ms == 24'000);
  CHECK(audio_bounds(2).max_audio_ms == 1);
  CHECK(audio_bounds(1).max_audio_ms == 1);
  CHECK(audio_bounds(3).max_audio_ms == 2);
  CHECK(audio_bounds(0).max_audio_ms == 0);
  CHECK(audio_bounds(25 * 1024 * 1024).max_audio_ms == 13'107'200);  // OpenAI's 25 MB limit: ~3.6 hours
  CHECK(audio_bounds(std::numeric_limits<size_t>::max()).max_audio_ms == std::numeric_limits<int64_t>::max());
  CHECK(audio_bounds(48'000).images == 0);
}

TEST_CASE("media bounds: the worst case is the prompt estimate plus the bounds") {
  Usage w = worst_case_usage(image_bounds(2), 12);
  CHECK(w.prompt_tokens == 12);
  CHECK(w.completion_tokens == 2 * 6240);
  CHECK(w.images == 2);
  CHECK(w.audio_ms == 0);
  CHECK(worst_case_usage(audio_bounds(100), 0).audio_ms == 50);
}

TEST_CASE("media bounds: an answer with no usage and no duration is charged the bound, marked estimated") {
  Usage unreported;
  unreported.estimated = true;
  fill_unreported_audio(unreported, audio_bounds(1'000));
  CHECK(unreported.audio_ms == 500);
  CHECK(unreported.estimated);
  Usage reported;
  reported.audio_ms = 120;
  fill_unreported_audio(reported, audio_bounds(1'000));
  CHECK(reported.audio_ms == 120);  // the provider's number stands
  Usage tokens;                     // a token-billed answer reports no duration, and needs none
  tokens.prompt_tokens = 14;
  fill_unreported_audio(tokens, audio_bounds(1'000));
  CHECK(tokens.audio_ms == 0);
}

}  // namespace gw
