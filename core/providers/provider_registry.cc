#include "core/providers/provider_registry.h"

namespace gw {
namespace {

// Replaces {VAR} placeholders from the environment; false if one is unset.
// `query_optional`: one in the query (a key there) may be unset, and is
// left empty (strict replay, which matches no query).
bool fill_placeholders(std::string& url, const ProviderRegistry::EnvLookup& getenv, std::string& missing,
                       bool query_optional) {
  size_t open;
  while ((open = url.find('{')) != std::string::npos) {
    size_t close = url.find('}', open);
    if (close == std::string::npos) return false;
    std::string var = url.substr(open + 1, close - open - 1);
    const char* value = getenv(var.c_str());
    if (!value || !*value) {
      const size_t query = url.find('?');
      if (!(query_optional && query != std::string::npos && query < open)) {
        missing = var;
        return false;
      }
      value = "";
    }
    url.replace(open, close - open + 1, value);
  }
  return true;
}

}  // namespace

std::string provider_url(const ProviderEndpoint& endpoint, std::string_view path) {
  const std::string& base = endpoint.base_url;
  const size_t query = base.find('?');
  if (query == std::string::npos) return base + std::string(path);  // the usual case
  std::string_view base_path = std::string_view(base).substr(0, query);
  while (!base_path.empty() && base_path.back() == '/') base_path.remove_suffix(1);
  std::string url = std::string(base_path) + std::string(path);
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += base.substr(query + 1);
  return url;
}

ProviderRegistry::ProviderRegistry(const ProviderSettingsMap& settings, const EnvLookup& getenv,
                                   const std::set<std::string, std::less<>>& keyless) {
  for (const ProviderInfo& info : provider_table()) {
    ProviderEndpoint ep;
    ep.info = &info;
    ep.base_url = info.base_url;
    const ProviderSettings* s = nullptr;
    if (auto it = settings.find(info.slug); it != settings.end()) s = &it->second;
    if (s && !s->base_url.empty()) ep.base_url = s->base_url;
    while (!ep.base_url.empty() && ep.base_url.back() == '/') ep.base_url.pop_back();

    std::string key_env = s && !s->api_key_env.empty() ? s->api_key_env : info.key_env;
    if (s && !s->api_key.empty()) {
      ep.api_key = s->api_key;
    } else if (!key_env.empty()) {
      const char* v = getenv(key_env.c_str());
      if (v) ep.api_key = v;
    }
    bool needs_key = info.auth != AuthStyle::kNone;
    std::string missing;
    if (s && s->enabled.has_value() && !*s->enabled) {
      ep.why_disabled = "disabled in config";
    } else if (!fill_placeholders(ep.base_url, getenv, missing, keyless.count(info.slug) > 0)) {
      ep.why_disabled = "set " + missing;
    } else if (needs_key && ep.api_key.empty() && !keyless.count(info.slug)) {
      ep.why_disabled = "set " + key_env;
    } else if (info.slug == "ollama" && !(s && s->enabled.value_or(false))) {
      ep.why_disabled = "enable it with [providers.ollama] enabled = true";
    } else {
      ep.enabled = true;
    }
    endpoints_.emplace(info.slug, std::move(ep));
  }
}

const ProviderEndpoint* ProviderRegistry::find(std::string_view slug) const {
  auto it = endpoints_.find(slug);
  return it == endpoints_.end() ? nullptr : &it->second;
}

bool ProviderRegistry::available(std::string_view slug) const {
  const ProviderEndpoint* ep = find(slug);
  return ep && ep->enabled;
}

}  // namespace gw
