// anthropic_messages_dialect.h - the Anthropic Messages client dialect
// (POST /v1/messages), so the official Anthropic SDKs talk to gw unmodified
// whatever provider serves the request. The dialect object itself is
// anthropic_messages_dialect() in core/dialects/dialect.h; this header adds the
// token-count endpoint and the pieces its three files share. Pure;
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/dialects/dialect.h"

namespace gw {

// The dialect's parse_request (core/dialects/anthropic_messages_request.cc): an
// Anthropic Messages body -> ChatRequest whose body is canonical. max_tokens
// is required; the first message must be the user's; roles are user and
// assistant only. Errors are kInvalidRequest with param the dotted Anthropic
// path ("messages.1.content.0.type") and a message starting with it.
Result<ChatRequest> parse_anthropic_request(std::string_view body);

// POST /v1/messages/count_tokens: ~4 characters a token over the system
// prompt, the messages (text, tool inputs and results, thinking) and the tool
// definitions; images and documents are not counted. Validates like
// parse_request except that max_tokens is not required (count_tokens bodies
// carry none). Errors are kInvalidRequest naming the field.
Result<int64_t> anthropic_count_tokens(std::string_view body);

// Anthropic usage: input_tokens excludes cache reads and writes (prompt -
// cached - writes), cache_read_input_tokens = cached,
// cache_creation_input_tokens = the writes (and, when there are any,
// cache_creation with the 5-minute and 1-hour parts), output_tokens =
// completion.
nlohmann::ordered_json anthropic_usage(const Usage& usage);

// "msg_" + the request ID without its "req_" prefix ("msg_gw" when empty).
std::string anthropic_message_id(const RenderContext& ctx);

// Canonical finish_reason -> Anthropic stop_reason: stop -> end_turn (or
// stop_sequence when one matched), length -> max_tokens, tool_calls ->
// tool_use, content_filter -> refusal. A "stop" that carries tool calls is
// reported as tool_use, since Anthropic clients run tools only on tool_use.
// Anything else (or empty) -> end_turn.
std::string anthropic_stop_reason(std::string_view finish_reason, bool has_stop_sequence, bool has_tool_calls);

// The matched stop sequence of a canonical choice: its "stop_sequence"
// string, else a string "stop_reason" (vLLM's convention); "" when none.
std::string canonical_stop_sequence(const nlohmann::json& choice);

// Canonical chat.completion.chunk objects -> Anthropic Messages SSE events.
std::unique_ptr<ChunkEncoder> anthropic_stream_encoder(const RenderContext& ctx);

}  // namespace gw
