// Tests for core/catalog/model_resolver.h against the built-in catalog: aliases,
// "did you mean", provider overrides and skipping unconfigured providers.
#include "core/catalog/model_resolver.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace gw {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

bool all_available(std::string_view) { return true; }

// Availability from a set of configured slugs.
ModelResolver::Availability only(std::set<std::string, std::less<>> slugs) {
  return [slugs = std::move(slugs)](std::string_view slug) { return slugs.count(slug) > 0; };
}

ResolvedModel resolve_ok(const ModelResolver& r, std::string_view model, std::string_view provider = {}) {
  Result<ResolvedModel> res = r.resolve(model, provider);
  REQUIRE_MESSAGE(res.ok(), res.error().message);
  REQUIRE(res->model != nullptr);
  REQUIRE(!res->candidates.empty());
  return res.value();
}

Error resolve_error(const ModelResolver& r, std::string_view model, std::string_view provider = {}) {
  Result<ResolvedModel> res = r.resolve(model, provider);
  REQUIRE_FALSE(res.ok());
  return res.error();
}

std::vector<std::string> slugs(const ResolvedModel& m) {
  std::vector<std::string> out;
  for (const RouteCandidate& c : m.candidates) out.push_back(c.provider->slug);
  return out;
}

}  // namespace

TEST_CASE("model resolver: an alias resolves to its canonical model") {
  ModelResolver r(Catalog::builtin(), all_available);
  ResolvedModel r1 = resolve_ok(r, "r1");
  CHECK(r1.model->id == "deepseek/deepseek-r1");
  CHECK(r1.requested == "r1");
  CHECK(resolve_ok(r, "gpt-4o").model->id == "openai/gpt-4o");
  CHECK(r.canonical_id("r1") == "deepseek/deepseek-r1");
  CHECK(r.canonical_id("gpt-4o") == "openai/gpt-4o");
}

TEST_CASE("model resolver: a canonical id passes through unchanged") {
  ModelResolver r(Catalog::builtin(), all_available);
  ResolvedModel m = resolve_ok(r, "openai/gpt-4o");
  CHECK(m.model->id == "openai/gpt-4o");
  CHECK(m.requested == "openai/gpt-4o");
  CHECK(r.canonical_id("openai/gpt-4o") == "openai/gpt-4o");
}

TEST_CASE("model resolver: candidates follow the catalog's offers with native ids") {
  ModelResolver r(Catalog::builtin(), all_available);
  ResolvedModel m = resolve_ok(r, "gpt-4o");
  REQUIRE(m.candidates.size() == m.model->offers.size());
  for (size_t i = 0; i < m.candidates.size(); ++i) {
    CAPTURE(i);
    CHECK(m.candidates[i].provider->slug == m.model->offers[i].provider);
    CHECK(m.candidates[i].native_id == m.model->offers[i].native_id);
  }
  CHECK(m.candidates[0].provider->slug == "openai");
  CHECK(m.candidates[0].native_id == "gpt-4o");
}

TEST_CASE("model resolver: an unknown model is model_not_found with a suggestion") {
  ModelResolver r(Catalog::builtin(), all_available);
  Error e = resolve_error(r, "gpt4o");
  CHECK(e.kind == ErrorKind::kNotFound);
  CHECK(e.http_status() == 404);
  CHECK(e.code == "model_not_found");
  CHECK(e.param == "model");
  CHECK(contains(e.message, "gpt4o"));
  CHECK(contains(e.message, "Did you mean"));
  CHECK(contains(e.message, "gpt-4o"));
  CHECK(r.canonical_id("gpt4o").empty());
}

TEST_CASE("model resolver: a name like nothing in the catalog gets no suggestion") {
  ModelResolver r(Catalog::builtin(), all_available);
  Error e = resolve_error(r, "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq");
  CHECK(e.kind == ErrorKind::kNotFound);
  CHECK(e.code == "model_not_found");
  CHECK_FALSE(contains(e.message, "Did you mean"));
  CHECK(r.close_matches("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq").empty());
}

TEST_CASE("model resolver: a name over 256 bytes is an invalid request, refused before any search") {
  ModelResolver r(Catalog::builtin(), all_available);
  std::string huge = "openai/gpt-4o" + std::string(200 * 1024, 'x');
  Error e = resolve_error(r, huge);
  CHECK(e.kind == ErrorKind::kInvalidRequest);
  CHECK(e.http_status() == 400);
  CHECK(e.code == "model_name_too_long");
  CHECK(e.param == "model");
  CHECK(contains(e.message, "at most 256"));
  CHECK_FALSE(contains(e.message, "Did you mean"));
  CHECK(e.message.size() < 200);  // the name is not echoed back
  CHECK(r.canonical_id(huge).empty());
  CHECK(r.close_matches(huge).empty());
  CHECK(ModelResolver::check_name_length(huge).error().code == "model_name_too_long");

  std::string longest(ModelResolver::kMaxModelNameBytes, 'q');  // at the limit: looked up as usual
  CHECK(ModelResolver::check_name_length(longest).ok());
  CHECK(resolve_error(r, longest).code == "model_not_found");
}

TEST_CASE("model resolver: close matches are capped and listed without repeats") {
  ModelResolver r(Catalog::builtin(), all_available);
  std::vector<std::string> near = r.close_matches("gpt", 2);
  CHECK(near.size() <= 2);
  CHECK(!near.empty());
  std::set<std::string> unique(near.begin(), near.end());
  CHECK(unique.size() == near.size());
}

TEST_CASE("model resolver: an empty model name is an invalid request") {
  ModelResolver r(Catalog::builtin(), all_available);
  Error e = resolve_error(r, "");
  CHECK(e.kind == ErrorKind::kInvalidRequest);
  CHECK(e.param == "model");
}

TEST_CASE("model resolver: an explicit provider wins and uses its native model id") {
  ModelResolver r(Catalog::builtin(), all_available);
  ResolvedModel m = resolve_ok(r, "r1", "fireworks");
  REQUIRE(m.candidates.size() == 1);
  CHECK(m.candidates[0].provider->slug == "fireworks");
  CHECK(m.candidates[0].native_id == "accounts/fireworks/models/deepseek-r1");
  CHECK(m.model->id == "deepseek/deepseek-r1");
}

TEST_CASE("model resolver: overriding to a provider that does not serve the model is not found") {
  ModelResolver r(Catalog::builtin(), all_available);
  Error e = resolve_error(r, "gpt-4o", "anthropic");
  CHECK(e.kind == ErrorKind::kNotFound);
  CHECK(e.param == "provider");
  CHECK(contains(e.message, "anthropic"));
  CHECK(contains(e.message, "openai/gpt-4o"));
}

TEST_CASE("model resolver: overriding to an unknown provider is an invalid request") {
  ModelResolver r(Catalog::builtin(), all_available);
  Error e = resolve_error(r, "gpt-4o", "no-such-provider");
  CHECK(e.kind == ErrorKind::kInvalidRequest);
  CHECK(e.param == "provider");
}

TEST_CASE("model resolver: overriding to an unconfigured provider is unavailable and names its key") {
  ModelResolver r(Catalog::builtin(), only({"deepseek"}));
  Error e = resolve_error(r, "r1", "fireworks");
  CHECK(e.kind == ErrorKind::kUnavailable);
  CHECK(contains(e.message, "FIREWORKS_API_KEY"));
}

TEST_CASE("model resolver: unconfigured providers are skipped, order kept") {
  ModelResolver r(Catalog::builtin(), only({"fireworks", "openrouter"}));
  ResolvedModel m = resolve_ok(r, "r1");
  CHECK(slugs(m) == std::vector<std::string>{"fireworks", "openrouter"});
  CHECK(m.candidates[0].native_id == "accounts/fireworks/models/deepseek-r1");
  CHECK(m.candidates[1].native_id == "deepseek/deepseek-r1");
}

TEST_CASE("model resolver: the availability check is asked by provider slug") {
  std::vector<std::string> asked;
  ModelResolver r(Catalog::builtin(), [&](std::string_view slug) {
    asked.emplace_back(slug);
    return slug == "openai";
  });
  ResolvedModel m = resolve_ok(r, "gpt-4o");
  CHECK(slugs(m) == std::vector<std::string>{"openai"});
  CHECK(std::find(asked.begin(), asked.end(), "openrouter") != asked.end());
}

TEST_CASE("model resolver: with no configured provider the error says which key to set") {
  ModelResolver r(Catalog::builtin(), [](std::string_view) { return false; });
  Error e = resolve_error(r, "r1");
  CHECK(e.kind == ErrorKind::kUnavailable);
  CHECK(e.http_status() == 503);
  CHECK(contains(e.message, "deepseek/deepseek-r1"));
  CHECK(contains(e.message, "DEEPSEEK_API_KEY"));
  CHECK(contains(e.message, "OPENROUTER_API_KEY"));
}

TEST_CASE("model resolver: the mock model resolves to the mock provider") {
  ModelResolver r(Catalog::builtin(), only({"mock"}));
  ResolvedModel m = resolve_ok(r, "echo");
  CHECK(m.model->id == "mock/echo");
  CHECK(slugs(m) == std::vector<std::string>{"mock"});
  CHECK(m.candidates[0].native_id == "echo");
}

}  // namespace gw

namespace {

gw::ModelResolver everything_available() {
  return gw::ModelResolver(gw::Catalog::builtin(), [](std::string_view) { return true; });
}

}  // namespace

TEST_CASE("resolver: a Fireworks-format ID is Fireworks' model, served by Fireworks only (CM-3.6)") {
  auto r = everything_available().resolve("accounts/fireworks/models/llama-v3p3-70b-instruct", "");
  REQUIRE(r.ok());
  CHECK(r->model->id == "meta-llama/llama-3.3-70b-instruct");
  REQUIRE(r->candidates.size() == 1);
  CHECK(r->candidates[0].provider->slug == "fireworks");
  CHECK(r->candidates[0].native_id == "accounts/fireworks/models/llama-v3p3-70b-instruct");
}

TEST_CASE("resolver: an @cf/ ID is Cloudflare's model") {
  auto r = everything_available().resolve("@cf/meta/llama-3.3-70b-instruct-fp8-fast", "");
  REQUIRE(r.ok());
  REQUIRE(r->candidates.size() == 1);
  CHECK(r->candidates[0].provider->slug == "cloudflare");
}

TEST_CASE("resolver: another provider's native ID maps to the catalog model, that provider first") {
  auto r = everything_available().resolve("deepseek-ai/DeepSeek-R1", "");
  REQUIRE(r.ok());
  CHECK(r->model->id == "deepseek/deepseek-r1");
  REQUIRE(r->candidates.size() > 1);
  CHECK(r->candidates[0].provider->slug == "together");
  CHECK(r->candidates[0].native_id == "deepseek-ai/DeepSeek-R1");
}

TEST_CASE("resolver: a canonical ID in other letter case falls back to the org/model match (CM-3.7)") {
  auto r = everything_available().resolve("Meta-Llama/Llama-3.3-70B-Instruct", "");
  REQUIRE(r.ok());
  CHECK(r->model->id == "meta-llama/llama-3.3-70b-instruct");
}

TEST_CASE("resolver: each provider gets its own native ID for the same model (CM-3.8, CM-3.9)") {
  auto r = everything_available().resolve("meta-llama/llama-3.3-70b-instruct", "");
  REQUIRE(r.ok());
  std::map<std::string, std::string> ids;
  for (const auto& c : r->candidates) ids[c.provider->slug] = c.native_id;
  CHECK(ids["fireworks"] == "accounts/fireworks/models/llama-v3p3-70b-instruct");
  CHECK(ids["groq"] == "llama-3.3-70b-versatile");
  CHECK(ids["together"] == "meta-llama/Llama-3.3-70B-Instruct-Turbo");
  CHECK(ids["cloudflare"].rfind("@cf/", 0) == 0);
}
