// Tests for core/providers/provider_registry.h: which providers are usable given the
// config and the environment (a std::map stands in for the process env).
#include "core/providers/provider_registry.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace gw {
namespace {

using Env = std::map<std::string, std::string>;

ProviderRegistry::EnvLookup lookup(const Env& env) {
  return [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
}

const ProviderEndpoint& endpoint(const ProviderRegistry& reg, std::string_view slug) {
  const ProviderEndpoint* ep = reg.find(slug);
  REQUIRE_MESSAGE(ep != nullptr, slug);
  REQUIRE(ep->info != nullptr);
  return *ep;
}

ProviderSettingsMap with_provider(std::string slug, ProviderSettings settings) {
  ProviderSettingsMap m;
  m[std::move(slug)] = std::move(settings);
  return m;
}

}  // namespace

TEST_CASE("provider registry: a provider whose key is in the environment is enabled") {
  Env env{{"OPENAI_API_KEY", "sk-test"}};
  ProviderRegistry reg(ProviderSettingsMap{}, lookup(env));
  const ProviderEndpoint& ep = endpoint(reg, "openai");
  CHECK(ep.enabled);
  CHECK(ep.why_disabled.empty());
  CHECK(ep.api_key == "sk-test");
  CHECK(ep.base_url == "https://api.openai.com/v1");
  CHECK(reg.available("openai"));
}

TEST_CASE("provider registry: a provider without its key is disabled and says which variable to set") {
  Env env;
  ProviderRegistry reg(ProviderSettingsMap{}, lookup(env));
  const ProviderEndpoint& ep = endpoint(reg, "openai");
  CHECK_FALSE(ep.enabled);
  CHECK(ep.why_disabled == "set OPENAI_API_KEY");
  CHECK_FALSE(reg.available("openai"));
  CHECK(endpoint(reg, "anthropic").why_disabled == "set ANTHROPIC_API_KEY");
}

TEST_CASE("provider registry: an empty key variable counts as unset") {
  Env env{{"OPENAI_API_KEY", ""}};
  ProviderRegistry reg(ProviderSettingsMap{}, lookup(env));
  CHECK_FALSE(reg.available("openai"));
  CHECK(endpoint(reg, "openai").why_disabled == "set OPENAI_API_KEY");
}

TEST_CASE("provider registry: every provider in the table has an endpoint") {
  Env env;
  ProviderRegistry reg(ProviderSettingsMap{}, lookup(env));
  CHECK(reg.endpoints().size() == provider_table().size());
  for (const ProviderInfo& p : provider_table()) {
    CAPTURE(p.slug);
    const ProviderEndpoint* ep = reg.find(p.slug);
    REQUIRE(ep != nullptr);
    CHECK(ep->info == &p);
  }
  CHECK(reg.find("no-such-provider") == nullptr);
  CHECK_FALSE(reg.available("no-such-provider"));
}

TEST_CASE("provider registry: a key in the config enables the provider and beats the environment") {
  ProviderSettings s;
  s.api_key = "sk-from-config";
  Env empty;
  ProviderRegistry reg(with_provider("openai", s), lookup(empty));
  CHECK(reg.available("openai"));
  CHECK(endpoint(reg, "openai").api_key == "sk-from-config");

  Env env{{"OPENAI_API_KEY", "sk-from-env"}};
  ProviderRegistry both(with_provider("openai", s), lookup(env));
  CHECK(endpoint(both, "openai").api_key == "sk-from-config");
}

TEST_CASE("provider registry: api_key_env in the config names the variable to read") {
  ProviderSettings s;
  s.api_key_env = "MY_OPENAI_KEY";
  Env env{{"MY_OPENAI_KEY", "sk-mine"}, {"OPENAI_API_KEY", "sk-default"}};
  ProviderRegistry reg(with_provider("openai", s), lookup(env));
  CHECK(endpoint(reg, "openai").api_key == "sk-mine");

  Env missing{{"OPENAI_API_KEY", "sk-default"}};
  ProviderRegistry off(with_provider("openai", s), lookup(missing));
  CHECK_FALSE(off.available("openai"));
  CHECK(endpoint(off, "openai").why_disabled == "set MY_OPENAI_KEY");
}

TEST_CASE("provider registry: a base_url override is used with its trailing slash trimmed") {
  ProviderSettings s;
  s.base_url = "http://127.0.0.1:9999/v1/";
  Env env{{"OPENAI_API_KEY", "sk-test"}};
  ProviderRegistry reg(with_provider("openai", s), lookup(env));
  CHECK(endpoint(reg, "openai").base_url == "http://127.0.0.1:9999/v1");
  CHECK(reg.available("openai"));
}

TEST_CASE("provider registry: enabled = false disables a provider that has a key") {
  ProviderSettings s;
  s.enabled = false;
  Env env{{"OPENAI_API_KEY", "sk-test"}};
  ProviderRegistry reg(with_provider("openai", s), lookup(env));
  CHECK_FALSE(reg.available("openai"));
  CHECK(endpoint(reg, "openai").why_disabled == "disabled in config");
}

TEST_CASE("provider registry: the mock provider is enabled with no key") {
  Env env;
  ProviderRegistry reg(ProviderSettingsMap{}, lookup(env));
  const ProviderEndpoint& ep = endpoint(reg, "mock");
  CHECK(ep.enabled);
  CHECK(ep.api_key.empty());
  CHECK(reg.available("mock"));
}

TEST_CASE("provider registry: the mock provider can still be disabled in config") {
  ProviderSettings s;
  s.enabled = false;
  Env env;
  ProviderRegistry reg(with_provider("mock", s), lookup(env));
  CHECK_FALSE(reg.available("mock"));
}

TEST_CASE("provider registry: ollama is used only when enabled explicitly") {
  Env env;
  ProviderRegistry by_default(ProviderSettingsMap{}, lookup(env));
  CHECK_FALSE(by_default.available("ollama"));
  CHECK(!endpoint(by_default, "ollama").why_disabled.empty());

  ProviderSettings s;
  s.enabled = true;
  ProviderRegistry enabled(with_provider("ollama", s), lookup(env));
  CHECK(enabled.available("ollama"));
}

TEST_CASE("provider registry: cloudflare's account id placeholder is filled from the environment") {
  Env env{{"CLOUDFLARE_API_TOKEN", "cf-token"}, {"CLOUDFLARE_ACCOUNT_ID", "acct123"}};
  ProviderRegistry reg(ProviderSettingsMap{}, lookup(env));
  const ProviderEndpoint& ep = endpoint(reg, "cloudflare");
  CHECK(ep.enabled);
  CHECK(ep.base_url == "https://api.cloudflare.com/client/v4/accounts/acct123/ai/v1");
}

TEST_CASE("provider registry: cloudflare without an account id is disabled and says so") {
  Env env{{"CLOUDFLARE_API_TOKEN", "cf-token"}};
  ProviderRegistry reg(ProviderSettingsMap{}, lookup(env));
  const ProviderEndpoint& ep = endpoint(reg, "cloudflare");
  CHECK_FALSE(ep.enabled);
  CHECK(ep.why_disabled == "set CLOUDFLARE_ACCOUNT_ID");
}

TEST_CASE("provider registry: settings for one provider leave the others alone") {
  ProviderSettings s;
  s.base_url = "http://127.0.0.1:1/v1";
  Env env{{"GROQ_API_KEY", "gsk"}};
  ProviderRegistry reg(with_provider("openai", s), lookup(env));
  CHECK(endpoint(reg, "groq").base_url == "https://api.groq.com/openai/v1");
  CHECK(reg.available("groq"));
}

TEST_CASE("provider registry: strict replay's keyless providers are used without a key; the rest are not") {
  Env env;  // no key at all
  ProviderSettings google;
  google.base_url = "http://127.0.0.1:1/v1beta?key={GEMINI_API_KEY}";
  ProviderSettingsMap settings = with_provider("google", google);
  ProviderRegistry live(settings, lookup(env));
  CHECK_FALSE(live.available("openai"));
  CHECK(endpoint(live, "openai").why_disabled == "set OPENAI_API_KEY");
  CHECK(endpoint(live, "google").why_disabled == "set GEMINI_API_KEY");
  ProviderRegistry replay(settings, lookup(env), {"openai", "google"});
  CHECK(replay.available("openai"));
  CHECK(endpoint(replay, "openai").api_key.empty());
  CHECK_FALSE(replay.available("anthropic"));  // not recorded: as live
  CHECK(endpoint(replay, "anthropic").why_disabled == "set ANTHROPIC_API_KEY");
  // The key variable in the base URL's query is left empty (replay matches no query) ...
  CHECK(replay.available("google"));
  CHECK(endpoint(replay, "google").base_url == "http://127.0.0.1:1/v1beta?key=");
  // ... but one the host or path needs is still required: it is part of what is matched.
  Env token{{"CLOUDFLARE_API_TOKEN", "cf-token"}};
  ProviderRegistry cf(ProviderSettingsMap{}, lookup(token), {"cloudflare"});
  CHECK(endpoint(cf, "cloudflare").why_disabled == "set CLOUDFLARE_ACCOUNT_ID");
  // A provider turned off in the config stays off.
  ProviderSettings off;
  off.enabled = false;
  ProviderRegistry disabled(with_provider("openai", off), lookup(env), {"openai"});
  CHECK_FALSE(disabled.available("openai"));
}

TEST_CASE("provider url: the path goes before a query the base URL carries, after the path's own") {
  Env env{{"GEMINI_API_KEY", "AIza-test"}, {"OPENAI_API_KEY", "sk-test"}};
  ProviderSettings google;
  google.base_url = "http://127.0.0.1:1/v1beta/?key={GEMINI_API_KEY}";
  ProviderRegistry reg(with_provider("google", google), lookup(env));
  const ProviderEndpoint& g = endpoint(reg, "google");
  CHECK(provider_url(g, "/models/m:generateContent") ==
        "http://127.0.0.1:1/v1beta/models/m:generateContent?key=AIza-test");
  CHECK(provider_url(g, "/models/m:streamGenerateContent?alt=sse") ==
        "http://127.0.0.1:1/v1beta/models/m:streamGenerateContent?alt=sse&key=AIza-test");
  const ProviderEndpoint& o = endpoint(reg, "openai");
  CHECK(provider_url(o, "/chat/completions") == "https://api.openai.com/v1/chat/completions");
  CHECK(provider_url(o, "/messages?beta=true") == "https://api.openai.com/v1/messages?beta=true");
}

}  // namespace gw
