// prompt_template.cc - see prompt_template.h. Pure; thread-safe.
#include "core/config/prompt_template.h"

#include <toml++/toml.h>

namespace gw {

Result<PromptTemplate> parse_prompt_template(std::string_view name, std::string_view toml_text) {
  const std::string where = "template '" + std::string(name) + "': ";
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return make_error(ErrorKind::kConfig, where + std::string(e.description()));
  }
  PromptTemplate t;
  for (const auto& [key, value] : root) {
    std::string* field = key == "system"   ? &t.system
                         : key == "model"  ? &t.model
                         : key == "prompt" ? &t.prompt
                                           : nullptr;
    if (!field)
      return make_error(ErrorKind::kConfig,
                        where + "unknown key '" + std::string(key.str()) + "' (system, model or prompt)");
    if (!value.is_string())
      return make_error(ErrorKind::kConfig, where + "'" + std::string(key.str()) + "' must be text");
    *field = **value.as_string();
  }
  return t;
}

std::string apply_template(const PromptTemplate& t, std::string_view input) {
  if (t.prompt.empty()) return std::string(input);
  constexpr std::string_view kSlot = "$input";
  const size_t at = t.prompt.find(kSlot);
  if (at == std::string::npos) return input.empty() ? t.prompt : t.prompt + "\n\n" + std::string(input);
  return t.prompt.substr(0, at) + std::string(input) + t.prompt.substr(at + kSlot.size());
}

}  // namespace gw
