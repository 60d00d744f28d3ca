// GET /v1/models and GET /v1/models/{id}: the catalog, from memory. Lists the
// models that at least one configured provider can serve, in OpenAI's shape
// plus gw's fields (name, context_length, pricing per million tokens as exact
// decimal strings, capabilities, providers).
#include <nlohmann/json.hpp>

#include "core/request_id.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

json model_json(const Services& s, const CatalogModel& m) {
  json providers = json::array();
  for (const auto& o : m.offers)
    if (s.providers->available(o.provider)) providers.push_back(o.provider);
  std::string org = m.id.substr(0, m.id.find('/'));
  return {{"id", m.id},
          {"object", "model"},
          {"created", 0},
          {"owned_by", org},
          {"name", m.name},
          {"context_length", m.context_length},
          {"modality", m.modality},
          {"pricing",
           {{"prompt", m.prompt_price.per_million_string()},
            {"completion", m.completion_price.per_million_string()},
            {"unit", "USD per 1M tokens"}}},
          {"capabilities", m.capabilities},
          {"providers", providers}};
}

bool servable(const Services& s, const CatalogModel& m) {
  for (const auto& o : m.offers)
    if (s.providers->available(o.provider)) return true;
  return false;
}

}  // namespace

Reply handle_list_models(const Services& s, const InboundRequest& in) {
  bool all = in.query.find("all=true") != std::string::npos;
  json data = json::array();
  for (const auto& m : s.catalog->models())
    if (all || servable(s, m)) data.push_back(model_json(s, m));
  return json_reply(200, json{{"object", "list"}, {"data", std::move(data)}}.dump());
}

Reply handle_get_model(const Services& s, const InboundRequest& in) {
  std::string id = in.path.substr(std::string_view("/v1/models/").size());
  std::string canonical = s.resolver->canonical_id(id);
  const CatalogModel* m = canonical.empty() ? nullptr : s.catalog->find(canonical);
  if (!m) {
    auto near = s.resolver->close_matches(id);
    std::string msg = "The model '" + id + "' does not exist";
    if (!near.empty()) msg += "; did you mean " + near.front() + "?";
    return json_reply(404, openai_error_body(make_error(ErrorKind::kNotFound, msg, "model_not_found", "model")));
  }
  return json_reply(200, model_json(s, *m).dump());
}

}  // namespace gw
