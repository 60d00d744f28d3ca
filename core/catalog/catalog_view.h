// catalog_view.h - the catalog as clients and the CLI see it: one JSON shape
// for a model, shared by GET /v1/models and `gw models`, in two views:
//   deduplicated - one row per model, listing the providers that serve it;
//   full         - one row per model x provider, with that provider's own ID.
// Prices are exact decimal strings: pricing.prompt/completion/cached_prompt in
// USD per million tokens, and for media models pricing.image (USD per
// generated image) and pricing.audio_minute (USD per minute of input audio),
// present only when non-zero.
//
// `synced` (null when no provider listing has been fetched) is what the
// catalog sync learned: an offer its provider's listing leaves out is not
// available, and each offer a listing has spoken about says "listed":
// true|false. Pure; thread-safe.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/catalog/catalog_sync.h"

namespace gw {

using ProviderAvailable = std::function<bool(std::string_view provider_slug)>;

// True when the provider is available and its listing does not leave the offer out.
bool offer_available(const CatalogModel& m, const ModelOffer& o, const ProviderAvailable& available,
                     const CatalogSnapshot* synced);

// True when at least one available offer serves the model.
bool servable(const CatalogModel& m, const ProviderAvailable& available, const CatalogSnapshot* synced = nullptr);

// One model, OpenAI-style ("object":"model") plus gw's fields. `providers`
// lists every offer with its native ID and whether it is available.
nlohmann::json model_view(const CatalogModel& m, const ProviderAvailable& available,
                          const CatalogSnapshot* synced = nullptr);

// The list: deduplicated (one per model) or full (one per model x provider).
// Without `all`, only what an available offer serves.
nlohmann::json catalog_view(const Catalog& catalog, const ProviderAvailable& available, bool full, bool all,
                            const CatalogSnapshot* synced = nullptr);
// The same for a chosen list of models (e.g. filtered and sorted), in its order.
nlohmann::json catalog_view(const std::vector<const CatalogModel*>& models, const ProviderAvailable& available,
                            bool full, bool all, const CatalogSnapshot* synced = nullptr);

}  // namespace gw
