// semantic_question.h - what a request gives the semantic cache: whether it
// qualifies and, if so, its question (the last user turn's text, which is
// embedded) and its context (everything else that decides the answer).
//
// Only short plain conversations qualify: at most `max_messages` messages
// (system ones included), none with tool calls or tool results, no tools
// offered, no server-side conversation (previous_response_id), text only,
// and a last turn from the user of at most `max_prompt_chars` bytes. The
// context is the SHA-256 of the exact cache's canonical text (cache_key.h:
// route, model, tenant, behaviour headers, shape, and the body with every
// parameter, the system prompt and the earlier turns) with the last user
// turn's text left out: two questions may only meet when all of that is
// equal. Works on the chat routes' bodies: /v1/chat/completions and
// /v1/messages (`messages`), /v1/responses (`input`, a string or messages).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "core/cache/cache_key.h"

namespace gw {

struct SemanticLimits {
  size_t max_messages = 4;         // messages in the conversation, system ones included
  size_t max_prompt_chars = 2000;  // bytes of the last user turn's text
};

struct SemanticQuestion {
  std::string skip;     // why the request does not qualify; "" = it does
  std::string context;  // 64 hex digits
  std::string prompt;   // the last user turn's text (text parts joined by "\n")
};

SemanticQuestion semantic_question(const CacheKeyInput& in, const SemanticLimits& limits);

}  // namespace gw
