// Tests for the shipped catalog data (core/catalog/data/catalog.json and
// core/catalog/data/aliases.json): enough aliases, the well-known short names resolve
// to the right canonical models, and every entry is internally consistent
// (targets exist, providers exist, native ids look like the provider's own).
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "core/catalog/catalog.h"
#include "core/catalog/model_resolver.h"
#include "core/providers/provider_table.h"

namespace gw {
namespace {

bool all_providers_available(std::string_view) { return true; }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Chat and embedding models take text and have a context window; image and
// audio models (gpt-image-1, whisper, the mock media models) do not.
bool is_text_model(const CatalogModel& m) {
  return starts_with(m.modality, "text") && (ends_with(m.modality, "->text") || ends_with(m.modality, "->embedding"));
}

}  // namespace

TEST_CASE("catalog data: at least 120 aliases") { CHECK(Catalog::builtin().aliases().size() >= 120); }

TEST_CASE("catalog data: well-known short names resolve to their canonical models") {
  ModelResolver r(Catalog::builtin(), all_providers_available);
  CHECK(r.canonical_id("r1") == "deepseek/deepseek-r1");
  CHECK(r.canonical_id("gpt-4o") == "openai/gpt-4o");
  CHECK(r.canonical_id("sonnet-4") == "anthropic/claude-sonnet-4");
  CHECK(r.canonical_id("4o") == "openai/gpt-4o");
  CHECK(r.canonical_id("4o-mini") == "openai/gpt-4o-mini");
  CHECK(r.canonical_id("o1") == "openai/o1");
  CHECK(r.canonical_id("o3-mini") == "openai/o3-mini");
  CHECK(r.canonical_id("opus-4") == "anthropic/claude-opus-4");
  CHECK(r.canonical_id("haiku-3.5") == "anthropic/claude-3.5-haiku");
  CHECK(r.canonical_id("claude-3-5-haiku-20241022") == "anthropic/claude-3.5-haiku");
  CHECK(r.canonical_id("gemini-2.0-flash") == "google/gemini-2.0-flash");
  CHECK(r.canonical_id("v3") == "deepseek/deepseek-chat");
  CHECK(r.canonical_id("llama-70b") == "meta-llama/llama-3.3-70b-instruct");
}

TEST_CASE("catalog data: the resolver routes aliases to the canonical model") {
  ModelResolver r(Catalog::builtin(), all_providers_available);
  Result<ResolvedModel> m = r.resolve("sonnet-4", "");
  REQUIRE_MESSAGE(m.ok(), m.error().message);
  CHECK(m->model->id == "anthropic/claude-sonnet-4");
  CHECK(m->requested == "sonnet-4");
}

TEST_CASE("catalog data: every canonical id passes through canonical_id() unchanged") {
  const Catalog& c = Catalog::builtin();
  ModelResolver r(c, all_providers_available);
  for (const CatalogModel& m : c.models()) {
    CAPTURE(m.id);
    CHECK(r.canonical_id(m.id) == m.id);
  }
}

TEST_CASE("catalog data: every alias points at an existing model and never equals a canonical id") {
  const Catalog& c = Catalog::builtin();
  ModelResolver r(c, all_providers_available);
  for (const auto& entry : c.aliases()) {
    const auto& [alias, target] = entry;
    CAPTURE(entry.first);  // clang 14: a lambda (CAPTURE's) cannot capture a structured binding
    CHECK(c.find(target) != nullptr);
    CHECK(c.find(alias) == nullptr);
    CHECK(r.canonical_id(alias) == target);
  }
}

TEST_CASE("catalog data: every offer's provider is in the provider table") {
  for (const CatalogModel& m : Catalog::builtin().models()) {
    for (const ModelOffer& offer : m.offers) {
      CAPTURE(m.id);
      CAPTURE(offer.provider);
      bool known = false;
      for (const ProviderInfo& p : provider_table()) known = known || p.slug == offer.provider;
      CHECK(known);
      CHECK(!offer.native_id.empty());
    }
  }
}

TEST_CASE("catalog data: Fireworks and Cloudflare offers use those providers' id forms") {
  int fireworks = 0;
  int cloudflare = 0;
  for (const CatalogModel& m : Catalog::builtin().models()) {
    for (const ModelOffer& offer : m.offers) {
      CAPTURE(m.id);
      CAPTURE(offer.native_id);
      if (offer.provider == "fireworks") {
        ++fireworks;
        CHECK(starts_with(offer.native_id, "accounts/fireworks/models/"));
      }
      if (offer.provider == "cloudflare") {
        ++cloudflare;
        CHECK(starts_with(offer.native_id, "@cf/"));
      }
    }
  }
  CHECK(fireworks > 0);
  CHECK(cloudflare > 0);
}

TEST_CASE("catalog data: every model has a price; text models have a context length") {
  const Catalog& c = Catalog::builtin();
  CHECK(c.unpriced() == 0);  // a model without a price would be left out silently
  for (const CatalogModel& m : c.models()) {
    CAPTURE(m.id);
    CHECK(m.prompt_price.units_per_token() >= 0);
    CHECK(m.completion_price.units_per_token() >= 0);
    CHECK(m.cached_prompt_price.units_per_token() >= 0);
    CHECK(m.cached_prompt_price.units_per_token() <= m.prompt_price.units_per_token());
    if (is_text_model(m)) CHECK(m.context_length > 0);
    if (m.is_free()) {
      CHECK(m.prompt_price.units_per_token() == 0);
      CHECK(m.completion_price.units_per_token() == 0);
      REQUIRE(!m.offers.empty());
      CHECK(m.offers[0].provider == "openrouter");
    } else if (is_text_model(m) && !starts_with(m.id, "mock/")) {
      CHECK(m.prompt_price.units_per_token() > 0);  // a paid model with a zero price is a data error
    } else if (starts_with(m.modality, "audio") && !starts_with(m.id, "mock/")) {
      CHECK(m.audio_minute_price > Money{});  // transcription is billed by the minute of audio
    } else if (ends_with(m.modality, "->image") && !starts_with(m.id, "mock/")) {
      CHECK((m.completion_price.units_per_token() > 0 || m.image_price > Money{}));  // by output token or image
    }
    CHECK(m.image_price >= Money{});
    CHECK(m.audio_minute_price >= Money{});
  }
}

}  // namespace gw

namespace gw {

TEST_CASE("catalog data: every model that chats has a context window; only image and audio models have none") {
  for (const CatalogModel& m : Catalog::builtin().models()) {
    INFO(m.id << " " << m.modality);
    if (m.has_context_window()) CHECK(m.context_length > 0);
    else CHECK((m.modality.find("->image") != std::string::npos || m.modality.rfind("audio", 0) == 0));
  }
  CHECK_FALSE(Catalog::builtin().find("openai/whisper-1")->has_context_window());
  CHECK_FALSE(Catalog::builtin().find("openai/gpt-image-1")->has_context_window());
  CHECK(Catalog::builtin().find("openai/gpt-4o")->has_context_window());
}

}  // namespace gw
