// Placeholder: replaced by the real TOML parser.
#include "core/config.h"
namespace gw {
Result<Config> parse_config(std::string_view) { return Config{}; }
std::string render_config(const Config&, bool) { return ""; }
std::string starter_config_text() { return ""; }
}  // namespace gw
