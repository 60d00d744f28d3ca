// openai_usage.h - reading token usage out of OpenAI-format responses and
// stream chunks. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/usage.h"

namespace gw {

// From a `usage` object: prompt_tokens, completion_tokens,
// prompt_tokens_details.cached_tokens, completion_tokens_details.reasoning_tokens.
// nullopt when it is missing, null or malformed.
std::optional<Usage> parse_openai_usage(const nlohmann::json& usage);

// Usage from a whole chat.completion body; when it has none, an estimate from
// the prompt estimate and the text of the choices (usage.estimated = true).
Usage usage_from_completion(const nlohmann::json& completion, int64_t prompt_tokens_estimate);

}  // namespace gw
