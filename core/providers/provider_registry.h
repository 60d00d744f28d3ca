// provider_registry.h - which providers this gw may use, where they are and
// with which key: the provider table combined with the [providers.*] settings and the
// environment. A provider with no credential is not used (mock and keyless
// local providers excepted; those are used unless disabled, or in ollama's
// case only when enabled explicitly). Built once at start-up; immutable;
// thread-safe to read.
#pragma once

#include <functional>
#include <map>
#include <set>
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

// The URL of `path` ("/chat/completions", maybe with its own query) at the
// provider: base_url + path. A base URL may carry a query - a gateway or a
// Gemini-style provider that takes its key there ("http://h/v1beta?key=
// {GEMINI_API_KEY}") - which is kept at the end, after the path's own
// query: ".../models/m:streamGenerateContent?alt=sse&key=...".
std::string provider_url(const ProviderEndpoint& endpoint, std::string_view path);

class ProviderRegistry {
 public:
  // `getenv` returns nullptr when a variable is unset.
  using EnvLookup = std::function<const char*(const char*)>;
  // `keyless`: providers (slugs) used even when all they lack is their key
  // (or the variable of a key in their base URL's query, left empty) -
  // strict replay's recorded ones (gw serve --replay), where no request
  // leaves gw and the recordings hold no key. Default none: a provider
  // without its key is off ("set OPENAI_API_KEY").
  ProviderRegistry(const ProviderSettingsMap& settings, const EnvLookup& getenv,
                   const std::set<std::string, std::less<>>& keyless = {});

  const ProviderEndpoint* find(std::string_view slug) const;
  bool available(std::string_view slug) const;
  const std::map<std::string, ProviderEndpoint, std::less<>>& endpoints() const { return endpoints_; }

 private:
  std::map<std::string, ProviderEndpoint, std::less<>> endpoints_;
};

}  // namespace gw
