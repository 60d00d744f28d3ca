#include "core/catalog/model_resolver.h"

#include <algorithm>

#include "core/base/edit_distance.h"

namespace gw {
ModelResolver::ModelResolver(const Catalog& catalog, Availability is_available)
    : catalog_(catalog), is_available_(std::move(is_available)) {
  for (const auto& m : catalog_.models())
    for (const auto& o : m.offers)
      if (o.native_id != m.id) native_.emplace(o.native_id, NativeHit{&m, o.provider});  // first offer wins
}

const ModelResolver::NativeHit* ModelResolver::find_native(std::string_view id) const {
  auto it = native_.find(id);
  return it == native_.end() ? nullptr : &it->second;
}

const CatalogModel* ModelResolver::find_folded(std::string_view id) const {
  if (id.find('/') == std::string_view::npos) return nullptr;
  for (const auto& m : catalog_.models())
    if (edit_distance(m.id, id, 0) == 0) return &m;  // edit_distance ignores case
  return nullptr;
}

Status ModelResolver::check_name_length(std::string_view requested) {
  if (requested.size() <= kMaxModelNameBytes) return ok_status();
  return make_error(ErrorKind::kInvalidRequest,
                    "the model name is " + std::to_string(requested.size()) + " bytes long; gw accepts at most " +
                        std::to_string(kMaxModelNameBytes),
                    "model_name_too_long", "model");
}

std::string ModelResolver::canonical_id(std::string_view requested) const {
  if (requested.size() > kMaxModelNameBytes) return {};
  if (catalog_.find(requested)) return std::string(requested);
  auto it = catalog_.aliases().find(requested);
  if (it != catalog_.aliases().end()) return it->second;
  if (const NativeHit* hit = find_native(requested)) return hit->model->id;
  if (const CatalogModel* m = find_folded(requested)) return m->id;
  return {};
}

std::vector<std::string> ModelResolver::close_matches(std::string_view requested, size_t limit) const {
  std::vector<std::pair<size_t, std::string>> scored;
  if (requested.size() > kMaxModelNameBytes) return {};
  const size_t threshold = std::max<size_t>(3, requested.size() / 3);
  auto consider = [&](const std::string& name) {
    // A substring hit ("gpt4o" vs "openai/gpt-4o") counts as close too.
    bool contains = name.find(requested) != std::string::npos && requested.size() >= 3;
    if (contains) {
      scored.emplace_back(0, name);
      return;
    }
    size_t d = edit_distance(requested, name, threshold);
    if (d <= threshold) scored.emplace_back(d, name);
  };
  for (const auto& m : catalog_.models()) consider(m.id);
  for (const auto& [alias, target] : catalog_.aliases()) consider(alias);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [d, name] : scored) {
    if (out.size() >= limit) break;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

Result<ResolvedModel> ModelResolver::resolve(std::string_view requested, std::string_view provider_override) const {
  if (requested.empty())
    return make_error(ErrorKind::kInvalidRequest, "you must provide a model", "missing_model", "model");
  if (Status length = check_name_length(requested); !length.ok()) return length.error();
  std::string id = canonical_id(requested);
  if (id.empty()) {
    std::string msg = "The model '" + std::string(requested) + "' does not exist or is not served by gw.";
    auto near = close_matches(requested);
    if (!near.empty()) {
      msg += " Did you mean: ";
      for (size_t i = 0; i < near.size(); ++i) msg += (i ? ", " : "") + near[i];
      msg += "?";
    }
    return make_error(ErrorKind::kNotFound, msg, "model_not_found", "model");
  }
  ResolvedModel out;
  out.model = catalog_.find(id);
  out.requested = std::string(requested);
  // Rules 3 and 4: a provider's own model ID names that provider.
  std::string implied;
  if (!catalog_.find(requested)) {
    const NativeHit* hit = find_native(requested);
    if (hit && hit->model == out.model) {  // an alias may spell a native ID too
      implied = hit->provider;
      bool format_rule = requested.rfind("accounts/fireworks/models/", 0) == 0 || requested.rfind("@cf/", 0) == 0;
      if (format_rule && provider_override.empty()) provider_override = implied;
    }
  }
  if (!provider_override.empty()) {
    const ProviderInfo* p = find_provider(provider_override);
    if (!p)
      return make_error(ErrorKind::kInvalidRequest, "unknown provider '" + std::string(provider_override) + "'",
                        "unknown_provider", "provider");
    auto offer = std::find_if(out.model->offers.begin(), out.model->offers.end(),
                              [&](const ModelOffer& o) { return o.provider == provider_override; });
    if (offer == out.model->offers.end())
      return make_error(ErrorKind::kNotFound, "provider '" + p->slug + "' does not serve " + id, "model_not_found",
                        "provider");
    if (!is_available_(p->slug))
      return make_error(ErrorKind::kUnavailable,
                        "provider '" + p->slug + "' is not configured (set " +
                            (p->key_env.empty() ? "its base_url" : p->key_env) + ")",
                        "provider_not_configured", "provider");
    out.candidates.push_back({p, offer->native_id});
    return out;
  }
  for (const auto& offer : out.model->offers) {
    const ProviderInfo* p = find_provider(offer.provider);
    if (p && is_available_(p->slug)) out.candidates.push_back({p, offer.native_id});
  }
  if (!implied.empty())
    std::stable_partition(out.candidates.begin(), out.candidates.end(),
                          [&](const RouteCandidate& c) { return c.provider->slug == implied; });
  if (out.candidates.empty()) {
    std::string hint;
    for (const auto& offer : out.model->offers) {
      const ProviderInfo* p = find_provider(offer.provider);
      if (p && !p->key_env.empty()) hint += (hint.empty() ? "" : ", ") + p->key_env;
    }
    return make_error(ErrorKind::kUnavailable,
                      "no configured provider serves " + id + (hint.empty() ? "" : " (set one of: " + hint + ")"),
                      "no_provider_configured", "model");
  }
  return out;
}

}  // namespace gw
