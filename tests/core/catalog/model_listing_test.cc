// Providers' model listings in their three shapes (core/catalog/model_listing.h).
#include "core/catalog/model_listing.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("listing: OpenAI-style data[].id") {
  auto l = parse_model_listing(R"({"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"gpt-4o-mini"}]})");
  REQUIRE(l.ok());
  CHECK(l->ids == std::vector<std::string>{"gpt-4o", "gpt-4o-mini"});
  CHECK(l->complete);
}

TEST_CASE("listing: Together's bare array") {
  auto l = parse_model_listing(R"([{"id":"meta-llama/Llama-3.3-70B-Instruct-Turbo","type":"chat"}])");
  REQUIRE(l.ok());
  CHECK(l->ids == std::vector<std::string>{"meta-llama/Llama-3.3-70B-Instruct-Turbo"});
}

TEST_CASE("listing: Anthropic data[] with type model; has_more marks it incomplete") {
  auto l = parse_model_listing(
      R"({"data":[{"id":"claude-sonnet-4-20250514","type":"model","display_name":"Claude Sonnet 4"}],"has_more":true,"first_id":"a","last_id":"b"})");
  REQUIRE(l.ok());
  CHECK(l->ids == std::vector<std::string>{"claude-sonnet-4-20250514"});
  CHECK_FALSE(l->complete);
  CHECK(parse_model_listing(R"({"data":[],"has_more":false})")->complete);
}

TEST_CASE("listing: Gemini models[].name loses its models/ prefix; a page token marks it incomplete") {
  auto l = parse_model_listing(R"({"models":[{"name":"models/gemini-2.5-pro"},{"name":"models/gemini-2.5-flash"}]})");
  REQUIRE(l.ok());
  CHECK(l->ids == std::vector<std::string>{"gemini-2.5-pro", "gemini-2.5-flash"});
  CHECK(l->complete);
  CHECK_FALSE(parse_model_listing(R"({"models":[],"nextPageToken":"abc"})")->complete);
}

TEST_CASE("listing: anything else is an upstream error, never an empty listing") {
  for (std::string body : {"<html>oops</html>", "{}", R"({"data":{}})", R"({"data":[{"name":"x"}]})",
                           R"({"models":[{"id":"x"}]})", R"([1,2])"}) {
    CAPTURE(body);
    auto l = parse_model_listing(body);
    REQUIRE_FALSE(l.ok());
    CHECK(l.error().kind == ErrorKind::kUpstreamError);
  }
}

TEST_CASE("listing: the request asks each API for its largest page, with its auth") {
  ProviderInfo anthropic{.slug = "anthropic", .wire = WireFormat::kAnthropic, .auth = AuthStyle::kXApiKey};
  ProviderEndpoint ep{
      .info = &anthropic, .base_url = "https://api.anthropic.com/v1", .api_key = "sk-ant", .enabled = true};
  HttpRequest r = model_listing_request(ep);
  CHECK(r.method == "GET");
  CHECK(r.url == "https://api.anthropic.com/v1/models?limit=1000");
  CHECK(r.headers.get("x-api-key") == "sk-ant");
  CHECK(r.headers.get("anthropic-version") == "2023-06-01");
  CHECK(model_listing_path(WireFormat::kGemini) == "/models?pageSize=1000");
  CHECK(model_listing_path(WireFormat::kOpenAI) == "/models");
}

}  // namespace gw
