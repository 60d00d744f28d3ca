// provider_table.h - the one table of upstream providers (compiled in from
// core/catalog/data/providers.json): slug, display name, wire format, base URL, auth
// style and the environment variable that holds its key. Help text, `gw
// models`, /v1/models and the docs all read this table. Immutable after load;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

enum class WireFormat { kOpenAI, kAnthropic, kGemini, kMock };
enum class AuthStyle { kNone, kBearer, kXApiKey, kGoogApiKey };

struct ProviderInfo {
  std::string slug;  // "openai", "groq", "mock"
  std::string name;  // "OpenAI"
  WireFormat wire = WireFormat::kOpenAI;
  std::string base_url;  // e.g. "https://api.groq.com/openai/v1" (no trailing slash)
  AuthStyle auth = AuthStyle::kBearer;
  std::string key_env;            // "GROQ_API_KEY"; empty when no key is needed
  int reliability_rank = 100;     // default failover order; lower is tried first
  bool serves_responses = false;  // answers POST /responses (OpenAI's Responses API) natively
};

// All providers, in table order. Never empty (mock is always there).
const std::vector<ProviderInfo>& provider_table();
// nullptr when unknown.
const ProviderInfo* find_provider(std::string_view slug);

std::string_view wire_format_name(WireFormat w);

}  // namespace gw
