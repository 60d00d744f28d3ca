// model_options.cc - see model_options.h. Pure; thread-safe.
#include "core/chat/model_options.h"

#include <array>
#include <string_view>

#include "core/json/json_parse.h"

namespace gw {
namespace {

// Members gw chat writes itself; an option may not replace them.
constexpr std::array<std::string_view, 4> kReserved = {"model", "messages", "stream", "stream_options"};

}  // namespace

Result<nlohmann::json> parse_model_options(const std::vector<std::string>& pairs) {
  nlohmann::json options = nlohmann::json::object();
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0)
      return make_error(ErrorKind::kUsage, "model option '" + pair + "' is not KEY=VALUE (e.g. -o temperature=0.2)");
    const std::string key = pair.substr(0, eq), text = pair.substr(eq + 1);
    for (std::string_view reserved : kReserved)
      if (key == reserved)
        return make_error(ErrorKind::kUsage,
                          "'" + key + "' is set by gw chat itself, not by -o (use -m for the model)");
    nlohmann::json value = parse_json(text);
    options[key] = value.is_discarded() ? nlohmann::json(text) : value;
  }
  return options;
}

}  // namespace gw
