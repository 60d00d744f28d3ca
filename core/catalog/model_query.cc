// model_query.cc - see model_query.h. Pure; thread-safe.
#include "core/catalog/model_query.h"

#include <algorithm>
#include <set>

#include "core/base/edit_distance.h"
#include "core/providers/provider_table.h"

namespace gw {
namespace {

// Price per 1M tokens as Money; nullopt when it does not fit (never "cheap").
std::optional<Money> per_million(TokenPrice price) {
  return Money::from_units(price.units_per_token()).times(1'000'000);
}

bool within(TokenPrice price, Money max) {
  auto p = per_million(price);
  return p && *p <= max;
}

}  // namespace

std::string unknown_provider_message(std::string_view slug) {
  std::vector<std::string> slugs;
  for (const ProviderInfo& p : provider_table()) slugs.push_back(p.slug);
  std::string msg = "unknown provider '" + std::string(slug) + "'";
  if (std::string near = closest_name(slug, slugs); !near.empty()) msg += "; did you mean '" + near + "'?";
  return msg;
}

Result<ModelQuery> parse_model_query(const Catalog& catalog, std::string_view provider, std::string_view capability,
                                     std::string_view max_price, std::string_view sort) {
  ModelQuery q;
  if (!provider.empty() && !find_provider(provider))
    return make_error(ErrorKind::kUsage, unknown_provider_message(provider));
  q.provider = std::string(provider);
  if (!capability.empty()) {
    std::set<std::string> known;
    for (const auto& m : catalog.models()) known.insert(m.capabilities.begin(), m.capabilities.end());
    if (!known.count(std::string(capability))) {
      std::string names;
      for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
      return make_error(ErrorKind::kUsage,
                        "unknown capability '" + std::string(capability) + "' (known: " + names + ")");
    }
    q.capability = std::string(capability);
  }
  if (!max_price.empty()) {
    auto m = Money::parse(max_price);
    if (!m || *m < Money())
      return make_error(ErrorKind::kUsage, "--max-price wants USD per 1M tokens as a decimal, e.g. 0.5 (got '" +
                                               std::string(max_price) + "')");
    q.max_price_per_million = *m;
  }
  if (sort == "name") q.sort = ModelSort::kName;
  else if (sort == "price") q.sort = ModelSort::kPrice;
  else if (sort == "context") q.sort = ModelSort::kContext;
  else if (!sort.empty())
    return make_error(ErrorKind::kUsage, "--sort takes price, context or name (got '" + std::string(sort) + "')");
  return q;
}

std::vector<const CatalogModel*> select_models(const Catalog& catalog, const ModelQuery& query,
                                               const ProviderAvailable& available, bool all) {
  std::vector<const CatalogModel*> out;
  for (const CatalogModel& m : catalog.models()) {
    if (!all && !servable(m, available)) continue;
    if (!query.provider.empty()) {
      bool offered = std::any_of(m.offers.begin(), m.offers.end(), [&](const ModelOffer& o) {
        return o.provider == query.provider && (all || available(o.provider));
      });
      if (!offered) continue;
    }
    if (!query.capability.empty() && !m.has_capability(query.capability)) continue;
    if (query.max_price_per_million && !(within(m.prompt_price, *query.max_price_per_million) &&
                                         within(m.completion_price, *query.max_price_per_million)))
      continue;
    out.push_back(&m);
  }
  auto by_id = [](const CatalogModel* a, const CatalogModel* b) { return a->id < b->id; };
  switch (query.sort) {
    case ModelSort::kCatalog:
      break;
    case ModelSort::kName:
      std::sort(out.begin(), out.end(), by_id);
      break;
    case ModelSort::kPrice:
      std::sort(out.begin(), out.end(), [&](const CatalogModel* a, const CatalogModel* b) {
        // Per-token units are small integers (<= ~1e6), so the sums cannot overflow.
        int64_t pa = a->prompt_price.units_per_token() + a->completion_price.units_per_token();
        int64_t pb = b->prompt_price.units_per_token() + b->completion_price.units_per_token();
        return pa != pb ? pa < pb : by_id(a, b);
      });
      break;
    case ModelSort::kContext:
      std::sort(out.begin(), out.end(), [&](const CatalogModel* a, const CatalogModel* b) {
        return a->context_length != b->context_length ? a->context_length > b->context_length : by_id(a, b);
      });
      break;
  }
  return out;
}

}  // namespace gw
