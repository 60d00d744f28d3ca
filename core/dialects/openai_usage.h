// openai_usage.h - reading usage out of OpenAI-format responses and stream
// chunks: chat completions, and the media answers (images, transcriptions).
// Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "core/base/usage.h"

namespace gw {

// gw's own members of a canonical answer's prompt_tokens_details: prompt
// tokens written to a provider's prompt cache (5-minute and 1-hour), which
// OpenAI's usage has no place for. The Anthropic adapter sets them; they
// are billed at the catalog's cache_write prices. The OpenAI chat dialect
// never renders them (its usage is built from Usage).
inline constexpr std::string_view kCanonicalCacheWrite = "cache_write_tokens";
inline constexpr std::string_view kCanonicalCacheWrite1h = "cache_write_1h_tokens";

// From a `usage` object, in any of OpenAI's shapes:
//   chat:  prompt_tokens, completion_tokens, prompt_tokens_details.cached_tokens
//          (and gw's cache-write members above), completion_tokens_details.reasoning_tokens;
//   images (gpt-image-*) and token-billed transcriptions (type "tokens"), used
//          when prompt_tokens is absent: input_tokens, output_tokens,
//          input_tokens_details.cached_tokens, output_tokens_details.reasoning_tokens;
//   duration-billed transcriptions: {"type":"duration","seconds":N} -> audio_ms
//          (N may be fractional; rounded to the nearest millisecond).
// nullopt when it is missing, null or malformed: a main count (prompt/input
// tokens, seconds) that is absent, not a number, or negative, or a
// completion/output count that is negative or not an integer. A token count
// above kMaxTokenCount (of any type: 2^63, 1e300) gives a Usage with
// `overflow` set and zero counts (settle then charges the hold).
std::optional<Usage> parse_openai_usage(const nlohmann::json& usage);

// Usage from a whole OpenAI answer (chat.completion, embeddings list, images
// response, transcription):
//   - the `usage` object if it parses; else a transcription's top-level
//     `duration` in seconds (verbose_json); else an estimate from the prompt
//     estimate and the text of the choices (usage.estimated = true);
//   - images = the elements of a top-level `data` array that carry a `url` or
//     `b64_json` (generated images; embeddings carry neither).
Usage usage_from_completion(const nlohmann::json& completion, int64_t prompt_tokens_estimate);

// The same from the answer's text, for answers relayed byte for byte: when
// the text is a JSON object with a well-formed `usage` and no `duration` or
// `data`, only `usage` is parsed (the rest is validated by core/json/json_scan.h,
// not built into a tree); otherwise the whole text is parsed. nullopt when
// the text is not a JSON object.
std::optional<Usage> usage_from_completion_text(std::string_view text, int64_t prompt_tokens_estimate);
// The same, once a validating scan of `text` (core/json/json_scan.h) found
// its top-level `usage`, `duration` and `data` values (empty when absent).
Usage usage_from_scanned_completion(std::string_view text, std::string_view usage, std::string_view duration,
                                    std::string_view data, int64_t prompt_tokens_estimate);

}  // namespace gw
