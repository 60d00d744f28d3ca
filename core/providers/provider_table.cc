#include "core/providers/provider_table.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gw::data {
extern const std::string_view k_providers;
}

namespace gw {
namespace {

WireFormat parse_wire(const std::string& s) {
  if (s == "openai") return WireFormat::kOpenAI;
  if (s == "anthropic") return WireFormat::kAnthropic;
  if (s == "gemini") return WireFormat::kGemini;
  if (s == "mock") return WireFormat::kMock;
  throw std::runtime_error("providers.json: unknown wire format " + s);
}

AuthStyle parse_auth(const std::string& s) {
  if (s == "none") return AuthStyle::kNone;
  if (s == "bearer") return AuthStyle::kBearer;
  if (s == "x-api-key") return AuthStyle::kXApiKey;
  if (s == "x-goog-api-key") return AuthStyle::kGoogApiKey;
  throw std::runtime_error("providers.json: unknown auth style " + s);
}

std::vector<ProviderInfo> load_table() {
  std::vector<ProviderInfo> table;
  for (const auto& row : nlohmann::json::parse(data::k_providers)) {
    ProviderInfo p;
    p.slug = row.at("slug").get<std::string>();
    p.name = row.at("name").get<std::string>();
    p.wire = parse_wire(row.at("wire").get<std::string>());
    p.base_url = row.at("base_url").get<std::string>();
    p.auth = parse_auth(row.at("auth").get<std::string>());
    p.key_env = row.at("key_env").get<std::string>();
    p.reliability_rank = row.value("rank", 100);
    p.serves_responses = row.value("responses", false);
    table.push_back(std::move(p));
  }
  return table;
}

}  // namespace

// The compiled-in table is checked by tests; a malformed one fails at first
// use, at start-up, never mid-request.
const std::vector<ProviderInfo>& provider_table() {
  static const std::vector<ProviderInfo> kTable = load_table();
  return kTable;
}

const ProviderInfo* find_provider(std::string_view slug) {
  for (const auto& p : provider_table())
    if (p.slug == slug) return &p;
  return nullptr;
}

std::string_view wire_format_name(WireFormat w) {
  switch (w) {
    case WireFormat::kOpenAI:
      return "openai";
    case WireFormat::kAnthropic:
      return "anthropic";
    case WireFormat::kGemini:
      return "gemini";
    case WireFormat::kMock:
      return "mock";
  }
  return "?";
}

}  // namespace gw
