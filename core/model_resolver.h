// model_resolver.h - turns the model a client asked for into a route: the
// canonical catalog model plus the providers that can serve it, each with its
// native model ID, in the order they should be tried.
//
// Order of provider detection: explicit override (request field `provider` or
// header x-gw-provider) -> the catalog's offers for the model. Providers that
// are not available (no credential, disabled) are left out. Unknown models
// are a kNotFound error ("model_not_found") listing close matches.
// Immutable; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/provider_table.h"
#include "core/result.h"

namespace gw {

struct RouteCandidate {
  const ProviderInfo* provider = nullptr;
  std::string native_id;
};

struct ResolvedModel {
  const CatalogModel* model = nullptr;
  std::string requested;                   // what the client sent
  std::vector<RouteCandidate> candidates;  // never empty on success
};

class ModelResolver {
 public:
  using Availability = std::function<bool(std::string_view provider_slug)>;

  ModelResolver(const Catalog& catalog, Availability is_available);

  // `provider_override` empty = none.
  Result<ResolvedModel> resolve(std::string_view requested, std::string_view provider_override) const;

  // The canonical ID for a name (alias or canonical), or "" when unknown.
  std::string canonical_id(std::string_view requested) const;
  // Up to `limit` known model IDs/aliases closest to `requested`.
  std::vector<std::string> close_matches(std::string_view requested, size_t limit = 3) const;

 private:
  const Catalog& catalog_;
  Availability is_available_;
};

}  // namespace gw
