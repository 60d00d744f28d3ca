// catalog.h - the model catalog: every model gw can serve, with its
// providers (and each provider's native model ID), context length, modality,
// exact prices and capabilities. The built-in catalog is compiled in from
// core/catalog/data/catalog.json; aliases from core/catalog/data/aliases.json.
//
// Prices (object "pricing", decimal strings): "prompt", "completion" and
// optional "cached_prompt" in USD per 1M tokens (at most 4 decimals); optional
// "image" in USD per generated image and "audio_minute" in USD per minute of
// input audio (at most 10 decimals, Money's resolution).
// A model without a price is never served (it is left out at load, and
// `unpriced` counts it). Immutable after construction; thread-safe to read.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/money.h"
#include "core/base/result.h"

namespace gw {

struct ModelOffer {
  std::string provider;   // provider slug
  std::string native_id;  // the model ID in that provider's own words
};

struct CatalogModel {
  std::string id;  // canonical "org/model"
  std::string name;
  int64_t context_length = 0;
  std::string modality;     // "text->text", "text+image->text"
  TokenPrice prompt_price;  // exact, per token (quoted per million)
  TokenPrice completion_price;
  TokenPrice cached_prompt_price;  // == prompt_price when the catalog has none
  // Prompt-cache writes (Anthropic): "cache_write" (5-minute) and
  // "cache_write_1h" in the catalog; when absent 1.25x and 2x prompt_price,
  // the 1.25x rounded up to a whole Money unit per token (exact for every
  // price that is a multiple of $0.0004 per 1M tokens).
  TokenPrice cache_write_price;
  TokenPrice cache_write_1h_price;
  Money image_price;                      // USD per generated image (pricing "image"); exact fixed point, default 0
  Money audio_minute_price;               // USD per minute of input audio (pricing "audio_minute"); exact, default 0
  std::vector<std::string> capabilities;  // streaming, tools, vision, json, reasoning
  std::vector<ModelOffer> offers;         // in preference order
  bool is_free() const;                   // ":free" suffix
  // The one rule for context windows (CM-9.1.5): every model has a
  // context_length above 0 except image generators ("...->image") and
  // transcribers ("audio->..."), which have none: the catalog view reports
  // null and gw models shows "-" for them.
  bool has_context_window() const;
  bool has_capability(std::string_view cap) const;
};

class Catalog {
 public:
  // Parses catalog JSON (array of models) and aliases JSON (object alias ->
  // canonical id). Errors name the offending entry.
  static Result<Catalog> parse(std::string_view catalog_json, std::string_view aliases_json);
  // The compiled-in catalog. Throws std::logic_error at first use if the shipped data is bad
  // (tests guard against that).
  static const Catalog& builtin();

  const std::vector<CatalogModel>& models() const { return models_; }
  const CatalogModel* find(std::string_view id) const;
  const std::map<std::string, std::string, std::less<>>& aliases() const { return aliases_; }
  int unpriced() const { return unpriced_; }

 private:
  std::vector<CatalogModel> models_;
  std::map<std::string, std::string, std::less<>> aliases_;
  std::map<std::string, size_t, std::less<>> index_;
  int unpriced_ = 0;
};

}  // namespace gw
