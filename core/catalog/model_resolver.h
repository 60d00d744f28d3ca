// model_resolver.h - turns the model a client asked for into a route: the
// canonical catalog model plus the providers that can serve it, each with its
// native model ID, in the order they should be tried.
//
// Order of detection:
//   1. explicit override (request field `provider` or header x-gw-provider);
//   2. canonical ID or alias -> the catalog's offers for the model;
//   3. format rules: "accounts/fireworks/models/..." is Fireworks' own ID,
//      "@cf/..." is Cloudflare's: that provider, that model;
//   4. mapping table: any provider's native ID (e.g. Groq's
//      "llama-3.3-70b-versatile") -> its catalog model, that provider first;
//   5. org-prefix fallback: "Meta-Llama/Llama-3.3-70B-Instruct" matches the
//      canonical ID case-insensitively.
// Providers that are not available (no credential, disabled) are left out.
// Unknown models are a kNotFound error ("model_not_found") listing close
// matches; they are never passed through unpriced. A name longer than
// kMaxModelNameBytes is a kInvalidRequest error, with no search at all.
// Immutable; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/catalog/catalog.h"
#include "core/providers/provider_table.h"

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

  // The longest model name gw looks up, in bytes; no catalog ID, alias or
  // native ID comes near it. A longer name is refused before any search
  // (check_name_length), so a hostile name cannot make the lookup or the
  // "did you mean" search expensive.
  static constexpr size_t kMaxModelNameBytes = 256;

  ModelResolver(const Catalog& catalog, Availability is_available);

  // ok, or kInvalidRequest ("model_name_too_long", param "model") when
  // `requested` is longer than kMaxModelNameBytes. The message does not
  // repeat the name.
  static Status check_name_length(std::string_view requested);

  // `provider_override` empty = none.
  Result<ResolvedModel> resolve(std::string_view requested, std::string_view provider_override) const;

  // The canonical ID for a name (alias or canonical), or "" when unknown
  // (always for a name over kMaxModelNameBytes).
  std::string canonical_id(std::string_view requested) const;
  // Up to `limit` known model IDs/aliases closest to `requested` (none for a
  // name over kMaxModelNameBytes). Linear in the catalog: each candidate
  // costs O(size * threshold) at most (edit_distance is bounded).
  std::vector<std::string> close_matches(std::string_view requested, size_t limit = 3) const;

 private:
  struct NativeHit {
    const CatalogModel* model;
    std::string provider;
  };
  // A provider's native ID -> where it is offered (rules 3 and 4).
  const NativeHit* find_native(std::string_view id) const;
  // Rule 5: canonical ID compared case-insensitively.
  const CatalogModel* find_folded(std::string_view id) const;
  Result<ResolvedModel> with_offers(const CatalogModel& model, std::string_view requested,
                                    std::string_view first_provider) const;

  const Catalog& catalog_;
  Availability is_available_;
  std::map<std::string, NativeHit, std::less<>> native_;
};

}  // namespace gw
