// dropped_on_purpose.h - the fields gw drops on purpose when it builds a
// provider's request, and only these. Everything else a target cannot
// express is refused with a 400 naming the field; on the native road and the
// OpenAI passthrough nothing but `model` changes (native_road.h).
//
// One table: the OpenAI adapter drops the per-provider fields it lists
// (core/dialects/openai_adapter.cc); the translating adapters drop the
// others where their comments say; docs/serve.md ("Dropped on purpose")
// lists every row, and tests/core/dialects/dropped_on_purpose_test.cc checks
// both: each row is dropped, and each row is documented.
#pragma once

#include <string_view>

namespace gw {

struct DroppedField {
  // A provider slug: the top-level request member `field` is removed from
  // every request to that provider, passthrough included. Empty: a
  // translation drops what `field` describes.
  std::string_view provider;
  std::string_view field;  // the member, or what a translation drops
  std::string_view why;
};

inline constexpr DroppedField kDroppedOnPurpose[] = {
    {"openai", "top_k", "OpenAI's chat API has no top_k and refuses requests that carry it"},
    {"openai", "thinking", "OpenAI's chat API refuses it; reasoning_effort is its own"},
    {"mistral", "top_k", "Mistral refuses requests that carry it"},
    {"", "unsigned reasoning text in an assistant turn sent to Anthropic",
     "Anthropic accepts earlier thinking only with its signature"},
    {"", "Responses reasoning items without encrypted_content, when translated",
     "a translated provider cannot read OpenAI's reasoning items; encrypted ones travel as signatures"},
    {"", "JSON Schema keywords Gemini does not know", "Gemini's Schema refuses unknown keywords"},
};

}  // namespace gw
