// token_count.h - one token count a provider reported, read from its JSON
// value in the provider's own usage shape (Anthropic, Gemini) before it is
// written into the canonical OpenAI usage.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/base/usage.h"

namespace gw {

// The integer `v` holds, kept within +-(kMaxTokenCount + 1): a count above
// kMaxTokenCount, whatever its size or type (2^64, or a float such as 1e300),
// becomes kMaxTokenCount + 1, so a sum of a few counts stays far inside int64
// and the canonical reader (parse_openai_usage) sees the overflow. 0 for a
// non-number or a float within the limit (not a count). Never converts a
// double that no int64 holds.
int64_t reported_token_count(const nlohmann::json& v);

}  // namespace gw
