// chat_template.cc - see chat_template.h. Single-threaded.
#include "cli/chat_template.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "proxy/io/paths.h"

namespace gw {

std::string templates_dir(const AppContext& ctx) {
  return std::filesystem::path(config_path(ctx.globals.config_path)).parent_path().string() + "/templates";
}

Result<PromptTemplate> load_template(const AppContext& ctx, const std::string& name) {
  const std::string path = templates_dir(ctx) + "/" + name + ".toml";
  std::ifstream in(path, std::ios::binary);
  if (name.find('/') != std::string::npos || !in)
    return make_error(ErrorKind::kNotFound, "no template '" + name + "' (looked for " + path + ")");
  return parse_prompt_template(name, std::string(std::istreambuf_iterator<char>(in), {}));
}

std::vector<std::string> template_names(const AppContext& ctx) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(templates_dir(ctx), ec))
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace gw
