#include "core/catalog/catalog.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gw::data {
extern const std::string_view k_catalog;
extern const std::string_view k_aliases;
}  // namespace gw::data

namespace gw {

bool CatalogModel::has_context_window() const {
  const std::string_view m = modality;
  const bool draws = m.size() >= 7 && m.substr(m.size() - 7) == "->image";
  return !draws && m.substr(0, 5) != "audio";
}

bool CatalogModel::is_free() const { return id.size() > 5 && id.compare(id.size() - 5, 5, ":free") == 0; }

bool CatalogModel::has_capability(std::string_view cap) const {
  return std::find(capabilities.begin(), capabilities.end(), cap) != capabilities.end();
}

namespace {

Result<TokenPrice> read_price(const nlohmann::json& pricing, const char* field, const std::string& id) {
  const auto& v = pricing.at(field);
  if (!v.is_string())
    return make_error(ErrorKind::kConfig, "catalog: " + id + " pricing." + field + " must be a decimal string");
  auto p = TokenPrice::parse_per_million(v.get<std::string>());
  if (!p)
    return make_error(ErrorKind::kConfig,
                      "catalog: " + id + " pricing." + field + " is not a price with at most 4 decimals");
  return *p;
}

// An optional USD amount (per image, per minute); zero when absent.
Result<Money> read_amount(const nlohmann::json& pricing, const char* field, const std::string& id) {
  if (!pricing.contains(field)) return Money{};
  const auto& v = pricing.at(field);
  auto amount = v.is_string() ? Money::parse(v.get<std::string>()) : std::nullopt;
  if (!amount || *amount < Money{})
    return make_error(ErrorKind::kConfig, "catalog: " + id + " pricing." + field +
                                              " must be a non-negative decimal string with at most 10 decimals");
  return *amount;
}

}  // namespace

Result<Catalog> Catalog::parse(std::string_view catalog_json, std::string_view aliases_json) {
  Catalog c;
  try {
    for (const auto& row : nlohmann::json::parse(catalog_json)) {
      CatalogModel m;
      m.id = row.at("id").get<std::string>();
      if (m.id.find('/') == std::string::npos)
        return make_error(ErrorKind::kConfig, "catalog: model id '" + m.id + "' is not org/model");
      m.name = row.value("name", m.id);
      m.context_length = row.value("context_length", int64_t{0});
      m.modality = row.value("modality", std::string("text->text"));
      if (!row.contains("pricing") || !row["pricing"].contains("prompt") || !row["pricing"].contains("completion")) {
        ++c.unpriced_;  // never served
        continue;
      }
      const auto& pricing = row["pricing"];
      auto prompt = read_price(pricing, "prompt", m.id);
      if (!prompt) return prompt.error();
      auto completion = read_price(pricing, "completion", m.id);
      if (!completion) return completion.error();
      m.prompt_price = *prompt;
      m.completion_price = *completion;
      m.cached_prompt_price = *prompt;
      if (pricing.contains("cached_prompt")) {
        auto cached = read_price(pricing, "cached_prompt", m.id);
        if (!cached) return cached.error();
        m.cached_prompt_price = *cached;
      }
      m.cache_write_price = TokenPrice::from_units_per_token((prompt->units_per_token() * 5 + 3) / 4);
      m.cache_write_1h_price = TokenPrice::from_units_per_token(prompt->units_per_token() * 2);
      for (auto [key, field] :
           {std::pair{"cache_write", &m.cache_write_price}, std::pair{"cache_write_1h", &m.cache_write_1h_price}}) {
        if (!pricing.contains(key)) continue;
        auto price = read_price(pricing, key, m.id);
        if (!price) return price.error();
        *field = *price;
      }
      auto image = read_amount(pricing, "image", m.id);
      if (!image) return image.error();
      m.image_price = *image;
      auto audio = read_amount(pricing, "audio_minute", m.id);
      if (!audio) return audio.error();
      m.audio_minute_price = *audio;
      m.capabilities = row.value("capabilities", std::vector<std::string>{});
      for (const auto& offer : row.at("providers"))
        m.offers.push_back({offer.at("slug").get<std::string>(), offer.at("id").get<std::string>()});
      if (m.offers.empty()) return make_error(ErrorKind::kConfig, "catalog: " + m.id + " has no providers");
      if (c.index_.count(m.id)) return make_error(ErrorKind::kConfig, "catalog: duplicate model " + m.id);
      c.index_.emplace(m.id, c.models_.size());
      c.models_.push_back(std::move(m));
    }
    const auto aliases = nlohmann::json::parse(aliases_json);
    for (const auto& [alias, target] : aliases.items()) {
      std::string t = target.get<std::string>();
      if (!c.index_.count(t))
        return make_error(ErrorKind::kConfig, "aliases: '" + alias + "' points at unknown model " + t);
      c.aliases_.emplace(alias, std::move(t));
    }
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::kConfig, std::string("catalog: ") + e.what());
  }
  return c;
}

const Catalog& Catalog::builtin() {
  static const Catalog kBuiltin = [] {
    auto c = parse(data::k_catalog, data::k_aliases);
    if (!c) throw std::logic_error("built-in catalog is invalid: " + c.error().message);
    return std::move(c).value();
  }();
  return kBuiltin;
}

const CatalogModel* Catalog::find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &models_[it->second];
}

}  // namespace gw
