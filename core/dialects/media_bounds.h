// media_bounds.h - the most an image generation or a transcription can bill,
// known before the provider is asked, for pre-flight's credit hold (the
// counterpart of chat's max_tokens). Settlement charges what the answer
// reports; these bounds only decide what is held, and so whether a request
// is refused with 402.
//
//   images:         n images, each at most kMaxOutputTokensPerImage output
//                   tokens - the largest count OpenAI documents for its GPT
//                   image models (quality high, 1024x1536: 6240 tokens).
//   transcriptions: the upload's duration if it were encoded at
//                   kMinAudioBitsPerSecond (16 kbit/s, the low end of speech
//                   codecs such as MP3/Opus voice settings): ms <= bytes x 8 /
//                   16, rounded up. Audio encoded below that rate can be
//                   longer than the bound; it is still charged in full.
//                   A provider that reports no duration is charged the bound
//                   (fill_unreported_audio).
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/base/usage.h"

namespace gw {

inline constexpr int64_t kMaxOutputTokensPerImage = 6240;
inline constexpr int64_t kMinAudioBitsPerSecond = 16'000;

// What a media request may use besides its prompt.
struct MediaBounds {
  int64_t images = 0;                 // images requested (n)
  int64_t max_completion_tokens = 0;  // output tokens the answer may bill at most
  int64_t max_audio_ms = 0;           // input audio duration at most, milliseconds
};

// n images (n >= 1).
MediaBounds image_bounds(int64_t n);
// An uploaded audio file of `bytes` bytes.
MediaBounds audio_bounds(size_t bytes);

// The worst case of a media request as a Usage to price: the prompt estimate
// plus the bounds.
Usage worst_case_usage(const MediaBounds& bounds, int64_t prompt_tokens_estimate);

// An answer that reported no usage and no duration (usage.estimated) is
// charged as if its audio were as long as the bound, so a transcription is
// never served for free; marked estimated. No-op when usage was reported.
void fill_unreported_audio(Usage& usage, const MediaBounds& bounds);

}  // namespace gw
