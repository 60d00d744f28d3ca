// usage.h - what one request used, normalized across dialects: tokens, and
// for media routes the images generated and the input audio's duration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gw {

// The largest token count gw bills by (1e12 tokens; no real request comes
// near it). A provider reporting more - or a count no int64 holds, 1e30 or
// 2^63 - cannot be billed by its usage: the usage is marked `overflow` and
// settle charges the request's hold (its pre-flight worst case) instead.
inline constexpr int64_t kMaxTokenCount = 1'000'000'000'000;

struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;          // part of prompt_tokens served from a prompt cache
  int64_t cache_write_tokens = 0;     // part of prompt_tokens written to a 5-minute prompt cache
  int64_t cache_write_1h_tokens = 0;  // part of prompt_tokens written to a 1-hour prompt cache
  int64_t reasoning_tokens = 0;       // part of completion_tokens spent thinking
  bool estimated = false;             // true when the provider sent none and gw estimated
  int64_t images = 0;                 // images generated (/v1/images/generations)
  int64_t audio_ms = 0;               // input audio duration in milliseconds (/v1/audio/transcriptions)
  bool overflow = false;              // a reported count was beyond kMaxTokenCount; the counts are then 0

  int64_t total() const { return prompt_tokens + completion_tokens; }  // tokens only
};

// ~1 token per 4 characters (rounded up), the estimate used when a provider
// reports no usage and for pre-flight. Counts bytes of UTF-8 text.
int64_t estimate_tokens(std::string_view text);
// The same estimate for text of `bytes` bytes.
int64_t estimate_tokens_of_size(size_t bytes);

}  // namespace gw
