// provider_registry.h - which providers this gw may use, where they are and
// with which key: the provider table combined with the [providers.*] settings and the
// environment. A provider with no credential is not used (mock and keyless
// local providers excepted; those are used unless disabled, or in ollama's
// case only when enabled explicitly). Built once at start-up; immutable;
// thread-safe to read.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/providers/provider_settings.h"
#include "core/providers/provider_table.h"

namespace gw {

struct ProviderEndpoint {
  const ProviderInfo* info = nullptr;
  std::string base_url;  // config override or table value, placeholders filled
  std::string api_key;   // secret: never log
  bool enabled = false;
  std::string why_disabled;  // "set OPENAI_API_KEY", "disabled in config"
};

class ProviderRegistry {
 public:
  // `getenv` returns nullptr when a variable is unset.
  using EnvLookup = std::function<const char*(const char*)>;
  ProviderRegistry(const ProviderSettingsMap& settings, const EnvLookup& getenv);

  const ProviderEndpoint* find(std::string_view slug) const;
  bool available(std::string_view slug) const;
  const std::map<std::string, ProviderEndpoint, std::less<>>& endpoints() const { return endpoints_; }

 private:
  std::map<std::string, ProviderEndpoint, std::less<>> endpoints_;
};

}  // namespace gw
