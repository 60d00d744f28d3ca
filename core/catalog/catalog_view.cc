#include "core/catalog/catalog_view.h"

namespace gw {

using nlohmann::json;

namespace {

// The offer's availability, plus "listed" when a listing has spoken about it.
void describe_offer(const CatalogModel& m, const ModelOffer& o, const ProviderAvailable& available,
                    const CatalogSnapshot* synced, json& row) {
  row["available"] = offer_available(m, o, available, synced);
  OfferStatus st = synced ? synced->status(m.id, o.provider) : OfferStatus::kUnknown;
  if (st != OfferStatus::kUnknown) row["listed"] = st == OfferStatus::kListed;
}

}  // namespace

bool offer_available(const CatalogModel& m, const ModelOffer& o, const ProviderAvailable& available,
                     const CatalogSnapshot* synced) {
  if (!available(o.provider)) return false;
  return !synced || synced->status(m.id, o.provider) != OfferStatus::kUnlisted;
}

bool servable(const CatalogModel& m, const ProviderAvailable& available, const CatalogSnapshot* synced) {
  for (const auto& o : m.offers)
    if (offer_available(m, o, available, synced)) return true;
  return false;
}

json model_view(const CatalogModel& m, const ProviderAvailable& available, const CatalogSnapshot* synced) {
  json providers = json::array();
  for (const auto& o : m.offers) {
    json row = {{"provider", o.provider}, {"id", o.native_id}};
    describe_offer(m, o, available, synced, row);
    providers.push_back(std::move(row));
  }
  json pricing = {{"prompt", m.prompt_price.per_million_string()},
                  {"completion", m.completion_price.per_million_string()},
                  {"cached_prompt", m.cached_prompt_price.per_million_string()},
                  {"unit", "USD per 1M tokens"}};
  if (m.image_price != Money{}) pricing["image"] = m.image_price.to_string();                       // USD per image
  if (m.audio_minute_price != Money{}) pricing["audio_minute"] = m.audio_minute_price.to_string();  // USD per minute
  return {{"id", m.id},
          {"object", "model"},
          {"created", 0},
          {"owned_by", m.id.substr(0, m.id.find('/'))},
          {"name", m.name},
          {"context_length", m.has_context_window() ? json(m.context_length) : json(nullptr)},
          {"modality", m.modality},
          {"pricing", std::move(pricing)},
          {"capabilities", m.capabilities},
          {"providers", providers}};
}

json catalog_view(const Catalog& catalog, const ProviderAvailable& available, bool full, bool all,
                  const CatalogSnapshot* synced) {
  std::vector<const CatalogModel*> models;
  for (const auto& m : catalog.models()) models.push_back(&m);
  return catalog_view(models, available, full, all, synced);
}

json catalog_view(const std::vector<const CatalogModel*>& models, const ProviderAvailable& available, bool full,
                  bool all, const CatalogSnapshot* synced) {
  json rows = json::array();
  for (const CatalogModel* model : models) {
    const CatalogModel& m = *model;
    if (!all && !servable(m, available, synced)) continue;
    if (!full) {
      rows.push_back(model_view(m, available, synced));
      continue;
    }
    for (const auto& o : m.offers) {
      if (!all && !offer_available(m, o, available, synced)) continue;
      json row = model_view(m, available, synced);
      row.erase("providers");
      row["provider"] = o.provider;
      row["provider_model_id"] = o.native_id;
      describe_offer(m, o, available, synced, row);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace gw
