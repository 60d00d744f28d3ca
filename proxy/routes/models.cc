// GET /v1/models and GET /v1/models/{id}: the catalog, from memory only
// (CM-9.3.1): the list from the CatalogCache's L1 (rendered bytes, rebuilt
// from the L2 listings when expired), one model rendered from the catalog
// and the current L2 snapshot. Neither ever calls a provider.
#include <nlohmann/json.hpp>

#include "core/catalog/catalog_cache.h"
#include "core/catalog/catalog_view.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

ProviderAvailable available_in(const Services& s) {
  return [&s](std::string_view slug) { return s.providers->available(slug); };
}

}  // namespace

// ?view=full gives one row per model x provider; ?all=true includes models
// no configured provider serves.
Reply handle_list_models(const Services& s, const InboundRequest& in) {
  bool all = in.query.find("all=true") != std::string::npos;
  bool full = in.query.find("view=full") != std::string::npos;
  if (s.catalog_cache) return json_reply(200, *s.catalog_cache->models_body(full, all));
  json data = catalog_view(*s.catalog, available_in(s), full, all);
  return json_reply(200, json{{"object", "list"}, {"data", std::move(data)}}.dump());
}

Reply handle_get_model(const Services& s, const InboundRequest& in) {
  std::string id = in.path.substr(std::string_view("/v1/models/").size());
  if (Status length = ModelResolver::check_name_length(id); !length.ok())
    return json_reply(length.error().http_status(), openai_error_body(length.error()));
  std::string canonical = s.resolver->canonical_id(id);
  const CatalogModel* m = canonical.empty() ? nullptr : s.catalog->find(canonical);
  if (!m) {
    auto near = s.resolver->close_matches(id);
    std::string msg = "The model '" + id + "' does not exist";
    if (!near.empty()) msg += "; did you mean " + near.front() + "?";
    return json_reply(404, openai_error_body(make_error(ErrorKind::kNotFound, msg, "model_not_found", "model")));
  }
  auto synced = s.catalog_cache ? s.catalog_cache->snapshot() : nullptr;
  return json_reply(200, model_view(*m, available_in(s), synced.get()).dump());
}

}  // namespace gw
