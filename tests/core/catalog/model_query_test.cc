// `gw models list` filters and sorting over the built-in catalog.
#include "core/catalog/model_query.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace gw {
namespace {

const Catalog& catalog() { return Catalog::builtin(); }
bool everyone(std::string_view) { return true; }

std::vector<std::string> ids(const std::vector<const CatalogModel*>& models) {
  std::vector<std::string> out;
  for (const auto* m : models) out.push_back(m->id);
  return out;
}

ModelQuery query(std::string_view provider, std::string_view capability, std::string_view max_price,
                 std::string_view sort) {
  auto q = parse_model_query(catalog(), provider, capability, max_price, sort);
  REQUIRE_MESSAGE(q.ok(), q.error().message);
  return *q;
}

}  // namespace

TEST_CASE("models: no filters lists the catalog in its own order") {
  auto all = select_models(catalog(), query("", "", "", ""), everyone, true);
  CHECK(all.size() == catalog().models().size());
  CHECK(all.front()->id == catalog().models().front().id);
}

TEST_CASE("models: --provider keeps models that provider offers, and only when it is available") {
  auto groq = select_models(catalog(), query("groq", "", "", ""), everyone, false);
  REQUIRE_FALSE(groq.empty());
  for (const auto* m : groq)
    CHECK(std::any_of(m->offers.begin(), m->offers.end(), [](const ModelOffer& o) { return o.provider == "groq"; }));
  auto only_mock = [](std::string_view s) { return s == "mock"; };
  CHECK(select_models(catalog(), query("groq", "", "", ""), only_mock, false).empty());
  CHECK(select_models(catalog(), query("groq", "", "", ""), only_mock, true).size() == groq.size());
}

TEST_CASE("models: --capability and --max-price compare exactly") {
  auto cheap_vision = select_models(catalog(), query("", "vision", "0.15", "price"), everyone, true);
  REQUIRE_FALSE(cheap_vision.empty());
  for (const auto* m : cheap_vision) {
    CHECK(m->has_capability("vision"));
    CHECK(m->prompt_price.units_per_token() <= 1500);  // $0.15/M = 1500 units per token
    CHECK(m->completion_price.units_per_token() <= 1500);
  }
  // gpt-4o-mini's prompt is exactly 0.15 but its completion is 0.60: out at 0.15, in at 0.60.
  auto at = [&](const char* max) {
    return ids(select_models(catalog(), query("openai", "", max, ""), everyone, true));
  };
  auto in_list = [](const std::vector<std::string>& v, const char* id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  };
  CHECK_FALSE(in_list(at("0.15"), "openai/gpt-4o-mini"));
  CHECK(in_list(at("0.6"), "openai/gpt-4o-mini"));
  CHECK_FALSE(in_list(at("0.5999999999"), "openai/gpt-4o-mini"));
}

TEST_CASE("models: --sort price, context and name") {
  auto by_price = select_models(catalog(), query("", "", "", "price"), everyone, true);
  for (size_t i = 1; i < by_price.size(); ++i)
    CHECK(by_price[i - 1]->prompt_price.units_per_token() + by_price[i - 1]->completion_price.units_per_token() <=
          by_price[i]->prompt_price.units_per_token() + by_price[i]->completion_price.units_per_token());
  auto by_context = select_models(catalog(), query("", "", "", "context"), everyone, true);
  for (size_t i = 1; i < by_context.size(); ++i)
    CHECK(by_context[i - 1]->context_length >= by_context[i]->context_length);
  auto names = ids(select_models(catalog(), query("", "", "", "name"), everyone, true));
  CHECK(std::is_sorted(names.begin(), names.end()));
}

TEST_CASE("models: unknown providers, capabilities, prices and sort keys are usage errors") {
  auto typo = parse_model_query(catalog(), "gorq", "", "", "");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.error().kind == ErrorKind::kUsage);
  CHECK(typo.error().message == "unknown provider 'gorq'; did you mean 'groq'?");
  auto cap = parse_model_query(catalog(), "", "telepathy", "", "");
  REQUIRE_FALSE(cap.ok());
  CHECK(cap.error().message == "unknown capability 'telepathy' (known: json, reasoning, streaming, tools, vision)");
  CHECK_FALSE(parse_model_query(catalog(), "", "", "1e-3", "").ok());
  CHECK_FALSE(parse_model_query(catalog(), "", "", "-1", "").ok());
  CHECK_FALSE(parse_model_query(catalog(), "", "", "", "popularity").ok());
}

}  // namespace gw
