// kDroppedOnPurpose (core/dialects/dropped_on_purpose.h) is the one list of
// what gw drops when it builds a provider's request: each per-provider row
// is dropped from requests to that provider (kept for the others), and
// every row is listed in docs/serve.md with its reason.
#include "core/dialects/dropped_on_purpose.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "core/dialects/chat_request.h"
#include "core/dialects/openai_adapter.h"
#include "core/providers/provider_table.h"

namespace gw {
namespace {

using nlohmann::json;

ProviderEndpoint endpoint(std::string_view slug) {
  ProviderEndpoint ep;
  ep.info = find_provider(slug);
  REQUIRE(ep.info != nullptr);
  ep.base_url = "http://127.0.0.1:9/v1";
  ep.api_key = "sk-test";
  ep.enabled = true;
  return ep;
}

// A chat request carrying `field`; `as_tree` adds a repeated key so the
// request is held as a tree rather than as its bytes (both paths drop).
ChatRequest request_with(std::string_view field, bool as_tree) {
  json value = field == "thinking" ? json{{"type", "enabled"}, {"budget_tokens", 1024}} : json(40);
  std::string body = R"({"model":"m",)" + std::string(as_tree ? R"("model":"m",)" : "") + "\"" + std::string(field) +
                     "\":" + value.dump() + R"(,"messages":[{"role":"user","content":"hi"}]})";
  auto parsed = parse_chat_request(body);
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

json upstream_body(const ChatRequest& request, std::string_view slug) {
  auto built = openai_adapter().build_request(request, "native", endpoint(slug));
  REQUIRE(built.ok());
  return json::parse(built->body);
}

std::string without_backticks(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '`'), text.end());
  return text;
}

}  // namespace

TEST_CASE("dropped on purpose: each per-provider field is dropped for that provider and only for it") {
  for (const DroppedField& d : kDroppedOnPurpose) {
    if (d.provider.empty()) continue;
    CAPTURE(d.field);
    for (bool as_tree : {false, true}) {
      const ChatRequest request = request_with(d.field, as_tree);
      CHECK_FALSE(upstream_body(request, d.provider).contains(std::string(d.field)));
      CHECK(upstream_body(request, "groq").contains(std::string(d.field)));  // a provider with no row keeps it
    }
  }
}

TEST_CASE("dropped on purpose: docs/serve.md lists every row with its reason") {
  std::ifstream in(std::string(GW_SOURCE_DIR) + "/docs/serve.md");
  REQUIRE(in);
  const std::string docs = without_backticks(std::string(std::istreambuf_iterator<char>(in), {}));
  for (const DroppedField& d : kDroppedOnPurpose) {
    CAPTURE(d.field);
    const std::string row = " | " + std::string(d.field) + " | " + std::string(d.why) + " |";
    CHECK(docs.find(row) != std::string::npos);
    if (!d.provider.empty()) CHECK(docs.find("| " + std::string(d.provider) + row) != std::string::npos);
  }
}

}  // namespace gw
