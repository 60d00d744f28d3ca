// openai_chat_shape.h - the shape of an OpenAI chat answer that gw passes
// through from an OpenAI-compatible provider (CM-10.1.2): the members OpenAI
// documents at the top level of a chat completion and of a stream chunk,
// and nothing else, with `model` naming the canonical ID. Hosts add their
// own members (`x_groq`, `provider`, `prompt_filter_results`, ...); a caller
// sees one shape whoever served the model. Members inside `choices` pass
// untouched (a host's `reasoning_content` is the caller's to read).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/usage.h"

namespace gw {

// The top-level members a chat completion (`chat.completion`) or a chunk
// (`chat.completion.chunk`) may carry, as OpenAI's reference lists them.
inline constexpr std::string_view kChatAnswerMembers[] = {
    "id", "object", "created", "model", "choices", "usage", "system_fingerprint", "service_tier", "obfuscation"};

// Normalizes the JSON object text at [offset, offset + size) of `text` (a
// whole answer, or one chunk's data): every member not in
// kChatAnswerMembers removed, and `model` set to `canonical` where it says
// `native`. One pass over the members; when only the model changes, the
// value is replaced in place and every other byte stays as it was. Returns
// whether `text` changed.
bool normalize_chat_answer_object(std::string& text, size_t offset, size_t size, std::string_view native,
                                  std::string_view canonical);

// A whole passed-through answer in one validating pass over its top level:
// its usage, as usage_from_completion_text reads it, and its shape made as
// normalize_chat_answer_object makes it. nullopt (and `text` untouched)
// when the text is not one JSON object.
std::optional<Usage> read_chat_answer(std::string& text, int64_t prompt_tokens_estimate, std::string_view native,
                                      std::string_view canonical);

}  // namespace gw
