// prompt_template.h - gw chat's reusable prompts (`-t NAME`, like llm's
// templates and aichat's roles): a TOML file NAME.toml in the templates
// directory next to the config file, with any of
//   system = "You are a terse code reviewer."   # the system prompt
//   model  = "sonnet"                            # the model, unless -m is given
//   prompt = "Review this diff:\n\n$input"       # the message; $input = what was typed or piped
// A prompt without $input gets the input after a blank line. Unknown keys
// are errors, as in the config file. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

struct PromptTemplate {
  std::string system;  // "" = none
  std::string model;   // "" = the usual default
  std::string prompt;  // "" = the input as is
};

// kConfig naming `name` and the problem when the text is not such a file.
Result<PromptTemplate> parse_prompt_template(std::string_view name, std::string_view toml_text);

// The message to send for `input` under the template.
std::string apply_template(const PromptTemplate& t, std::string_view input);

}  // namespace gw
