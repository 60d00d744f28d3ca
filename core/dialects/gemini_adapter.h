// gemini_adapter.h - the outbound adapter for Google Gemini's native API
// (generateContent / streamGenerateContent?alt=sse, wire kGemini).
//
// Request: canonical (OpenAI chat) -> GenerateContentRequest. System and
// developer messages become systemInstruction; user/assistant become
// "user"/"model" turns; tool results become functionResponse parts (named by
// looking up the matching tool call); sampling options, JSON output, tools
// and thinking go to generationConfig / tools / toolConfig. Features Gemini
// cannot serve (logprobs, audio, logit_bias, non-function tools) are
// kInvalidRequest, never dropped silently.
//
// Response: GenerateContentResponse -> canonical chat.completion; thought
// parts become reasoning_content, thoughtSignatures become thinking_blocks
// (and "thinking_signature" stream deltas), functionCalls become tool_calls
// with deterministic ids ("call_<responseId>_<n>" unless Gemini sent an id).
//
// Choices made where the formats do not line up:
//   - system/developer messages anywhere in the conversation all go to
//     systemInstruction, in order (Gemini has no mid-conversation system turn);
//   - consecutive user (or assistant) messages merge into one turn, and
//     consecutive tool messages into one "user" turn of functionResponse parts
//     (kept apart from text turns); a tool result whose text is a JSON object
//     or array is sent parsed, any other text as a string, always as
//     response {"content": ...};
//   - thinking text of earlier assistant turns is dropped (Gemini does not take
//     it back); the first thinking_blocks signature (else a message-level
//     "thinking_signature") goes back as "thoughtSignature" on the turn's first
//     functionCall part, or on its first part when it made no call;
//   - reasoning_effort none / thinking disabled -> thinkingBudget 0;
//     minimal and low -> 1024, medium -> 8192, high -> 24576 (includeThoughts);
//   - JSON schemas (response_format and tool parameters) keep only the keywords
//     Gemini's Schema knows; local $refs are inlined; type ["x","null"] becomes
//     type "x" + nullable; an object schema with no properties is omitted from
//     a function declaration (Gemini rejects it);
//   - finish reasons OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, ... map to
//     "stop" ("tool_calls" when the candidate called a function);
//   - a prompt blocked before any candidate (promptFeedback.blockReason) is a
//     normal answer: one empty choice with finish_reason "content_filter".
//
// Pure; the adapter is immutable and thread-safe, each decoder is
// single-threaded.
#pragma once

#include "core/dialects/dialect.h"

namespace gw {

const ProviderAdapter& gemini_adapter();

}  // namespace gw
