// Tests for core/catalog/catalog.h (and the provider table it refers to): the
// shipped catalog is consistent, and bad catalog data is refused with an
// error naming the entry.
#include "core/catalog/catalog.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/providers/provider_table.h"

namespace gw {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

const CatalogModel& find_builtin(std::string_view id) {
  const CatalogModel* m = Catalog::builtin().find(id);
  REQUIRE_MESSAGE(m != nullptr, id);
  return *m;
}

Error parse_error(std::string_view catalog_json, std::string_view aliases_json = "{}") {
  Result<Catalog> c = Catalog::parse(catalog_json, aliases_json);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().kind == ErrorKind::kConfig);
  return c.error();
}

constexpr std::string_view kPricedModel =
    R"({"id": "acme/one", "pricing": {"prompt": "1.00", "completion": "2.00"},
        "providers": [{"slug": "openai", "id": "one"}]})";

}  // namespace

TEST_CASE("catalog: the built-in catalog loads") {
  REQUIRE_NOTHROW(Catalog::builtin());
  CHECK(Catalog::builtin().models().size() >= 10);
  CHECK(Catalog::builtin().unpriced() == 0);
}

TEST_CASE("catalog: mock/echo is free and served by the mock provider") {
  const CatalogModel& m = find_builtin("mock/echo");
  CHECK(m.prompt_price.units_per_token() == 0);
  CHECK(m.completion_price.units_per_token() == 0);
  REQUIRE(!m.offers.empty());
  CHECK(m.offers[0].provider == "mock");
  CHECK(m.offers[0].native_id == "echo");
  CHECK(Catalog::builtin().aliases().at("echo") == "mock/echo");
}

TEST_CASE("catalog: openai/gpt-4o costs $2.50/M in, $10/M out, $1.25/M cached") {
  const CatalogModel& m = find_builtin("openai/gpt-4o");
  CHECK(m.prompt_price.per_million_string() == "2.50");
  CHECK(m.prompt_price.units_per_token() == 25'000);
  CHECK(m.completion_price.per_million_string() == "10.00");
  CHECK(m.cached_prompt_price.per_million_string() == "1.25");
  REQUIRE(!m.offers.empty());
  CHECK(m.offers[0].provider == "openai");
  CHECK(m.offers[0].native_id == "gpt-4o");
  CHECK(m.has_capability("streaming"));
  CHECK_FALSE(m.has_capability("teleportation"));
  CHECK_FALSE(m.is_free());
}

TEST_CASE("catalog: every model has a canonical org/model id and at least one offer") {
  std::set<std::string> ids;
  for (const CatalogModel& m : Catalog::builtin().models()) {
    CAPTURE(m.id);
    CHECK(m.id.find('/') != std::string::npos);
    CHECK(ids.insert(m.id).second);
    CHECK(!m.offers.empty());
    CHECK(Catalog::builtin().find(m.id) == &m);
  }
}

TEST_CASE("catalog: every offer names a provider in the provider table") {
  for (const CatalogModel& m : Catalog::builtin().models()) {
    for (const ModelOffer& offer : m.offers) {
      CAPTURE(m.id);
      CAPTURE(offer.provider);
      CHECK(find_provider(offer.provider) != nullptr);
      CHECK(!offer.native_id.empty());
    }
  }
}

TEST_CASE("provider table: at least 30 providers with unique slugs, mock among them") {
  const auto& table = provider_table();
  CHECK(table.size() >= 30);
  std::set<std::string> slugs;
  for (const ProviderInfo& p : table) {
    CAPTURE(p.slug);
    CHECK(!p.slug.empty());
    CHECK(!p.name.empty());
    CHECK(slugs.insert(p.slug).second);
    CHECK(!p.base_url.empty());
    CHECK(p.base_url.back() != '/');
    // A provider that needs a key says which variable holds it.
    CHECK((p.auth == AuthStyle::kNone) == p.key_env.empty());
  }
  const ProviderInfo* mock = find_provider("mock");
  REQUIRE(mock != nullptr);
  CHECK(mock->wire == WireFormat::kMock);
  CHECK(mock->auth == AuthStyle::kNone);
  CHECK(find_provider("no-such-provider") == nullptr);
}

TEST_CASE("catalog: a model without pricing is left out and counted") {
  std::string json = "[" + std::string(kPricedModel) + R"(,
      {"id": "acme/unpriced", "providers": [{"slug": "openai", "id": "u"}]},
      {"id": "acme/half", "pricing": {"prompt": "1.00"}, "providers": [{"slug": "openai", "id": "h"}]}])";
  Result<Catalog> c = Catalog::parse(json, "{}");
  REQUIRE_MESSAGE(c.ok(), c.error().message);
  CHECK(c->models().size() == 1);
  CHECK(c->unpriced() == 2);
  CHECK(c->find("acme/one") != nullptr);
  CHECK(c->find("acme/unpriced") == nullptr);
  CHECK(c->find("acme/half") == nullptr);
}

TEST_CASE("catalog: the cached prompt price defaults to the prompt price") {
  Result<Catalog> c = Catalog::parse("[" + std::string(kPricedModel) + "]", "{}");
  REQUIRE_MESSAGE(c.ok(), c.error().message);
  const CatalogModel* m = c->find("acme/one");
  REQUIRE(m != nullptr);
  CHECK(m->cached_prompt_price == m->prompt_price);
  CHECK(m->name == "acme/one");  // name defaults to the id
}

TEST_CASE("catalog: a price with five decimals is an error naming the model") {
  Error e = parse_error(R"([{"id": "acme/precise", "pricing": {"prompt": "0.12345", "completion": "1"},
                             "providers": [{"slug": "openai", "id": "p"}]}])");
  CHECK(contains(e.message, "acme/precise"));
  CHECK(contains(e.message, "prompt"));
}

TEST_CASE("catalog: a numeric (non-string) price is an error naming the model") {
  Error e = parse_error(R"([{"id": "acme/float", "pricing": {"prompt": 2.5, "completion": "1"},
                             "providers": [{"slug": "openai", "id": "f"}]}])");
  CHECK(contains(e.message, "acme/float"));
}

TEST_CASE("catalog: per-image and per-minute prices are exact USD amounts, zero when absent") {
  Result<Catalog> c = Catalog::parse(R"([{"id": "acme/painter", "pricing": {"prompt": "0", "completion": "0",
                                            "image": "0.04", "audio_minute": "0.00185"},
                                          "providers": [{"slug": "openai", "id": "p"}]}])",
                                     "{}");
  REQUIRE_MESSAGE(c.ok(), c.error().message);
  const CatalogModel* m = c->find("acme/painter");
  REQUIRE(m != nullptr);
  CHECK(m->image_price == *Money::parse("0.04"));
  CHECK(m->audio_minute_price.units() == 18'500'000);
  Result<Catalog> plain = Catalog::parse("[" + std::string(kPricedModel) + "]", "{}");
  CHECK(plain->find("acme/one")->image_price == Money{});
  CHECK(plain->find("acme/one")->audio_minute_price == Money{});
}

TEST_CASE("catalog: a negative, numeric or over-precise media price is an error naming the model and field") {
  for (const char* bad :
       {R"("image": "-0.04")", R"("image": 0.04)", R"("audio_minute": "0.00000000001")", R"("audio_minute": "six")"}) {
    CAPTURE(bad);
    Error e = parse_error(std::string(R"([{"id": "acme/media", "pricing": {"prompt": "0", "completion": "0", )") + bad +
                          R"(}, "providers": [{"slug": "openai", "id": "m"}]}])");
    CHECK(contains(e.message, "acme/media"));
    CHECK((contains(e.message, "pricing.image") || contains(e.message, "pricing.audio_minute")));
  }
}

TEST_CASE("catalog: whisper is priced per minute and the priced mock media models per image and minute") {
  CHECK(find_builtin("openai/whisper-1").audio_minute_price == *Money::parse("0.006"));
  CHECK(find_builtin("openai/whisper-large-v3").audio_minute_price == *Money::parse("0.00185"));
  CHECK(find_builtin("mock/image-priced").image_price == *Money::parse("0.25"));
  CHECK(find_builtin("mock/whisper-priced").audio_minute_price == *Money::parse("0.006"));
  // gpt-image-1 is billed by its tokens, as OpenAI bills it.
  const CatalogModel& gpt_image = find_builtin("openai/gpt-image-1");
  CHECK(gpt_image.image_price == Money{});
  CHECK(gpt_image.completion_price.per_million_string() == "40.00");
}

TEST_CASE("catalog: a duplicate model id is rejected") {
  Error e = parse_error("[" + std::string(kPricedModel) + "," + std::string(kPricedModel) + "]");
  CHECK(contains(e.message, "duplicate"));
  CHECK(contains(e.message, "acme/one"));
}

TEST_CASE("catalog: an alias to an unknown model is rejected") {
  Error e = parse_error("[" + std::string(kPricedModel) + "]", R"({"one": "acme/two"})");
  CHECK(contains(e.message, "one"));
  CHECK(contains(e.message, "acme/two"));
}

TEST_CASE("catalog: a model id without an org, or with no providers, is rejected") {
  CHECK(contains(parse_error(R"([{"id": "bare", "pricing": {"prompt": "1", "completion": "1"},
                                  "providers": [{"slug": "openai", "id": "b"}]}])")
                     .message,
                 "bare"));
  CHECK(contains(parse_error(R"([{"id": "acme/lonely", "pricing": {"prompt": "1", "completion": "1"},
                                  "providers": []}])")
                     .message,
                 "acme/lonely"));
}

TEST_CASE("catalog: malformed JSON is a config error, not an exception") {
  parse_error("[{");
  parse_error("[" + std::string(kPricedModel) + "]", "not json");
}

}  // namespace gw
