// usage.h - token usage of one request, normalized across dialects.
#pragma once

#include <cstdint>
#include <string_view>

namespace gw {

struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;     // part of prompt_tokens served from a prompt cache
  int64_t reasoning_tokens = 0;  // part of completion_tokens spent thinking
  bool estimated = false;        // true when the provider sent none and gw estimated

  int64_t total() const { return prompt_tokens + completion_tokens; }
};

// ~1 token per 4 characters (rounded up), the estimate used when a provider
// reports no usage and for pre-flight. Counts bytes of UTF-8 text.
int64_t estimate_tokens(std::string_view text);

}  // namespace gw
