// anthropic_adapter.h - gw's outbound adapter for Anthropic's native Messages
// API (POST {base_url}/messages, x-api-key auth, anthropic-version
// 2023-06-01). Translates canonical requests (OpenAI chat form, see
// dialect.h) into Message requests, and Message responses and SSE streams
// back into canonical chat.completion objects and chunks.
//
// What cannot be translated is refused with kInvalidRequest naming the field
// (n > 1, logprobs, response_format json_object/json_schema, audio, legacy
// functions, logit_bias) rather than silently dropped. OpenAI-only tuning
// fields with no effect on the answer's content (seed, frequency_penalty,
// presence_penalty, stream_options, service_tier, store, metadata) are dropped.
//
// Choices where the formats do not line up:
//   - system and developer messages, wherever they are, form the top-level
//     "system": a string when there is one piece of text, else text blocks;
//   - consecutive messages of one role are merged (tool results become
//     tool_result blocks of a user turn), as Anthropic requires alternation;
//     a turn holding one plain text block is sent with string content;
//   - max_tokens defaults to kAnthropicDefaultMaxTokens; when thinking is on
//     and max_tokens <= budget_tokens it is raised to budget + that default;
//   - reasoning_effort minimal/low -> budget 1024, medium 8192, high 24576,
//     none -> no thinking; a canonical "thinking" object wins over it;
//   - assistant reasoning goes back only when signed (thinking_blocks, or
//     reasoning_content + thinking_signature); unsigned reasoning is dropped;
//   - tools whose type is an Anthropic server tool ("web_search_20250305")
//     pass through as sent; other non-function tools are refused;
//   - "created" in canonical answers is 0: renderers fill in their own.
//
// Stateless and thread-safe; stream decoders are single-threaded, one per
// stream.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/dialects/dialect.h"

namespace gw {

const ProviderAdapter& anthropic_adapter();

// The anthropic-version header every request to Anthropic carries.
inline constexpr const char* kAnthropicVersion = "2023-06-01";

// max_tokens sent when the client gave none: Anthropic requires the field.
inline constexpr int64_t kAnthropicDefaultMaxTokens = 4096;

// Shared by the adapter's response parser and its stream decoder
// (core/dialects/anthropic_stream_decoder.cc).
std::unique_ptr<ChunkDecoder> anthropic_stream_decoder();
// Anthropic stop_reason -> OpenAI finish_reason ("stop" for unknown values).
std::string_view anthropic_finish_reason(std::string_view stop_reason);
// Anthropic usage object -> OpenAI usage object (prompt tokens include cache
// reads and writes; cached_tokens are the cache reads; the writes, 5-minute
// and 1-hour, in gw's own members of prompt_tokens_details: openai_usage.h).
json anthropic_usage_to_openai(const json& usage);

}  // namespace gw
