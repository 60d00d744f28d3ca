// model_query.h - `gw models list` filters and sort order over the catalog:
// by provider, by capability, by a maximum price, sorted by name, price or
// context length. Prices compare as exact Money (no floating point).
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/money.h"
#include "core/base/result.h"
#include "core/catalog/catalog.h"
#include "core/catalog/catalog_view.h"

namespace gw {

enum class ModelSort {
  kCatalog,  // the catalog's own order (default)
  kName,     // by canonical ID
  kPrice,    // cheapest first: prompt + completion price per token, then ID
  kContext,  // largest context window first, then ID
};

struct ModelQuery {
  std::string provider;    // "" = any; else only models this provider slug offers
  std::string capability;  // "" = any; else e.g. "vision", "tools"
  // USD per 1M tokens, exact; neither the prompt nor the completion price may
  // be above it. nullopt = no limit.
  std::optional<Money> max_price_per_million;
  ModelSort sort = ModelSort::kCatalog;
};

// Builds a query from the command line's words, checking each: an unknown
// provider or capability is kUsage with a did-you-mean or the known names; a
// price that is not a non-negative decimal, or an unknown sort key, is kUsage.
// Empty strings mean "not given".
// "unknown provider 'grok'; did you mean 'groq'?" (the suggestion when a
// provider slug is within two edits).
std::string unknown_provider_message(std::string_view slug);

Result<ModelQuery> parse_model_query(const Catalog& catalog, std::string_view provider, std::string_view capability,
                                     std::string_view max_price, std::string_view sort);

// The models matching `query`, in its order. Without `all`, only models an
// available provider serves (and with a provider filter, only when that
// provider is available).
std::vector<const CatalogModel*> select_models(const Catalog& catalog, const ModelQuery& query,
                                               const ProviderAvailable& available, bool all);

}  // namespace gw
