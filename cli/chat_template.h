// chat_template.h - where gw chat's -t NAME templates live and how they are
// read: <config dir>/templates/NAME.toml (core/config/prompt_template.h for
// the format). Single-threaded.
#pragma once

#include <string>
#include <vector>

#include "cli/app_context.h"
#include "core/config/prompt_template.h"

namespace gw {

// The templates directory: next to the config file in use.
std::string templates_dir(const AppContext& ctx);

// The template NAME; kNotFound naming the file looked for when there is none.
Result<PromptTemplate> load_template(const AppContext& ctx, const std::string& name);

// The names of the templates there (for completion), sorted.
std::vector<std::string> template_names(const AppContext& ctx);

}  // namespace gw
