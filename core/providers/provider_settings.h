// provider_settings.h - a [providers.<slug>] table: key, base URL and
// on/off for one provider (core/providers/provider_registry.h). Plain value type; part
// of gw's Config (core/config/config.h), which parses it.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace gw {

struct ProviderSettings {
  std::string api_key;          // literal key (secret); prefer api_key_env
  std::string api_key_env;      // variable to read the key from; default: the table's
  std::string base_url;         // override the table's base URL
  std::optional<bool> enabled;  // force on/off; default: on when it has a key
};

// The [providers.*] tables by provider slug.
using ProviderSettingsMap = std::map<std::string, ProviderSettings>;

}  // namespace gw
