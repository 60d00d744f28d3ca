#include "core/catalog/model_listing.h"

#include <nlohmann/json.hpp>

#include "core/dialects/anthropic_adapter.h"
#include "core/dialects/openai_adapter.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using nlohmann::json;

Error bad_listing(const std::string& why) { return make_error(ErrorKind::kUpstreamError, "model listing: " + why); }

// Items of an OpenAI/Anthropic "data" array (or a bare array): each needs a string "id".
Status read_ids(const json& items, ModelListing& out) {
  for (const auto& item : items) {
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string())
      return bad_listing("an entry has no string \"id\"");
    out.ids.push_back(item["id"].get<std::string>());
  }
  return ok_status();
}

// Items of a Gemini "models" array: "name" is "models/<id>".
Status read_names(const json& items, ModelListing& out) {
  constexpr std::string_view kPrefix = "models/";
  for (const auto& item : items) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string())
      return bad_listing("an entry has no string \"name\"");
    std::string name = item["name"].get<std::string>();
    if (name.rfind(kPrefix, 0) == 0) name.erase(0, kPrefix.size());
    out.ids.push_back(std::move(name));
  }
  return ok_status();
}

}  // namespace

Result<ModelListing> parse_model_listing(std::string_view body) {
  json j = parse_json(body);
  if (j.is_discarded()) return bad_listing("the answer is not JSON");
  ModelListing out;
  Status read = ok_status();
  if (j.is_array()) {
    read = read_ids(j, out);
  } else if (j.is_object() && j.contains("data") && j["data"].is_array()) {
    read = read_ids(j["data"], out);
    out.complete = !(j.contains("has_more") && j["has_more"].is_boolean() && j["has_more"].get<bool>());
  } else if (j.is_object() && j.contains("models") && j["models"].is_array()) {
    read = read_names(j["models"], out);
    out.complete = !(j.contains("nextPageToken") && j["nextPageToken"].is_string() &&
                     !j["nextPageToken"].get<std::string>().empty());
  } else {
    return bad_listing("expected {\"data\":[...]} or {\"models\":[...]}");
  }
  if (!read.ok()) return read.error();
  return out;
}

HttpRequest model_listing_request(const ProviderEndpoint& endpoint) {
  HttpRequest r;
  r.method = "GET";
  r.url = provider_url(endpoint, model_listing_path(endpoint.info->wire));
  add_auth_headers(endpoint, r.headers);
  if (endpoint.info->wire == WireFormat::kAnthropic) r.headers.add("anthropic-version", kAnthropicVersion);
  return r;
}

std::string_view model_listing_path(WireFormat wire) {
  switch (wire) {
    case WireFormat::kAnthropic:
      return "/models?limit=1000";
    case WireFormat::kGemini:
      return "/models?pageSize=1000";
    case WireFormat::kOpenAI:
    case WireFormat::kMock:
      return "/models";
  }
  return "/models";
}

}  // namespace gw
