#include "core/catalog_view.h"

namespace gw {

using nlohmann::json;

bool servable(const CatalogModel& m, const ProviderAvailable& available) {
  for (const auto& o : m.offers)
    if (available(o.provider)) return true;
  return false;
}

json model_view(const CatalogModel& m, const ProviderAvailable& available) {
  json providers = json::array();
  for (const auto& o : m.offers)
    providers.push_back({{"provider", o.provider}, {"id", o.native_id}, {"available", available(o.provider)}});
  return {{"id", m.id},
          {"object", "model"},
          {"created", 0},
          {"owned_by", m.id.substr(0, m.id.find('/'))},
          {"name", m.name},
          {"context_length", m.context_length},
          {"modality", m.modality},
          {"pricing",
           {{"prompt", m.prompt_price.per_million_string()},
            {"completion", m.completion_price.per_million_string()},
            {"cached_prompt", m.cached_prompt_price.per_million_string()},
            {"unit", "USD per 1M tokens"}}},
          {"capabilities", m.capabilities},
          {"providers", providers}};
}

json catalog_view(const Catalog& catalog, const ProviderAvailable& available, bool full, bool all) {
  std::vector<const CatalogModel*> models;
  for (const auto& m : catalog.models()) models.push_back(&m);
  return catalog_view(models, available, full, all);
}

json catalog_view(const std::vector<const CatalogModel*>& models, const ProviderAvailable& available, bool full,
                  bool all) {
  json rows = json::array();
  for (const CatalogModel* model : models) {
    const CatalogModel& m = *model;
    if (!all && !servable(m, available)) continue;
    if (!full) {
      rows.push_back(model_view(m, available));
      continue;
    }
    for (const auto& o : m.offers) {
      if (!all && !available(o.provider)) continue;
      json row = model_view(m, available);
      row.erase("providers");
      row["provider"] = o.provider;
      row["provider_model_id"] = o.native_id;
      row["available"] = available(o.provider);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace gw
